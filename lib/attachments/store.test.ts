import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachmentHeaders } from './headers';
import { createDiskStore, withPreviousStore, type AttachmentStore } from './store';
import { itKeepsBytesLikeAnyStore } from './store-contract';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'rill-attachments-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

describe('the disk attachment store', () => {
  let store: AttachmentStore;
  beforeEach(() => {
    store = createDiskStore(path.join(directory, 'attachments'));
  });

  itKeepsBytesLikeAnyStore(() => store);

  it('leaves no partial files behind', async () => {
    await store.put('attachment-0002', new Uint8Array([1, 2, 3]), 'image/png');
    await store.put('attachment-0002', new Uint8Array([4]), 'image/png');
    expect(await readdir(path.join(directory, 'attachments'))).toEqual(['attachment-0002']);
  });
});

describe('a store that still reads the previous one', () => {
  let previous: AttachmentStore;
  let current: AttachmentStore;
  let store: AttachmentStore;
  beforeEach(() => {
    previous = createDiskStore(path.join(directory, 'previous'));
    current = createDiskStore(path.join(directory, 'current'));
    store = withPreviousStore(current, previous);
  });

  itKeepsBytesLikeAnyStore(() => store);

  it('writes only to the current store, reads the previous one for files kept before, and deletes from both', async () => {
    await previous.put('attachment-old1', new Uint8Array([1]), 'image/png');
    await store.put('attachment-new1', new Uint8Array([2]), 'image/png');
    expect(await previous.get('attachment-new1')).toBeUndefined();
    expect(await current.get('attachment-new1')).toEqual(new Uint8Array([2]));
    expect(await store.get('attachment-old1')).toEqual(new Uint8Array([1]));

    await store.delete('attachment-old1');
    await store.delete('attachment-new1');
    expect(await previous.get('attachment-old1')).toBeUndefined();
    expect(await current.get('attachment-new1')).toBeUndefined();
  });

  it('prefers the current copy of a key both hold', async () => {
    await previous.put('attachment-both', new Uint8Array([1]), 'image/png');
    await current.put('attachment-both', new Uint8Array([2]), 'image/png');
    expect(await store.get('attachment-both')).toEqual(new Uint8Array([2]));
  });
});

describe('attachmentHeaders', () => {
  it('serves the sniffed type inline, never sniffed again, under a header-safe name', () => {
    const headers = attachmentHeaders({ mediaType: 'image/png', filename: 'Café "plan".png', size: 42 });
    expect(headers.get('content-type')).toBe('image/png');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-length')).toBe('42');
    expect(headers.get('content-disposition')).toBe(`inline; filename="Caf_ _plan_.png"; filename*=UTF-8''Caf%C3%A9%20%22plan%22.png`);
  });
});
