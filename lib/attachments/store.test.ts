import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachmentHeaders } from './headers';
import { createDiskStore, type AttachmentStore } from './store';

describe('the disk attachment store', () => {
  let directory: string;
  let store: AttachmentStore;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'rill-attachments-'));
    store = createDiskStore(path.join(directory, 'attachments'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('puts, gets and deletes bytes by key', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0, 255]);
    await store.put('attachment-0001', bytes, 'application/pdf');
    expect(await store.get('attachment-0001')).toEqual(bytes);
    await store.delete('attachment-0001');
    expect(await store.get('attachment-0001')).toBeUndefined();
    // Deleting what is not there is fine.
    await store.delete('attachment-0001');
  });

  it('replaces a key whole and leaves no partial files behind', async () => {
    await store.put('attachment-0002', new Uint8Array([1, 2, 3]), 'image/png');
    await store.put('attachment-0002', new Uint8Array([4]), 'image/png');
    expect(await store.get('attachment-0002')).toEqual(new Uint8Array([4]));
    expect(await readdir(path.join(directory, 'attachments'))).toEqual(['attachment-0002']);
  });

  it('refuses keys that could name another path', async () => {
    for (const key of ['../escape-attempt', 'a/b/c/d/e/f', '', 'short', 'x'.repeat(129)]) {
      await expect(store.put(key, new Uint8Array([1]), 'image/png')).rejects.toThrow('Invalid attachment key');
      await expect(store.get(key)).rejects.toThrow('Invalid attachment key');
    }
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
