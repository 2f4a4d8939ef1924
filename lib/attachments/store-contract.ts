// Test helper: what every attachment store must do, whatever keeps its bytes. Not imported by application code.
import { expect, it } from 'vitest';
import type { AttachmentStore } from './store';

/** Registers the contract's tests for the store `store()` returns (opened by the caller's hooks). */
export function itKeepsBytesLikeAnyStore(store: () => AttachmentStore): void {
  it('puts, gets and deletes bytes by key; deleting what is not there is fine', async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0, 255]);
    await store().put('attachment-0001', bytes, 'application/pdf');
    expect(await store().get('attachment-0001')).toEqual(bytes);
    await store().delete('attachment-0001');
    expect(await store().get('attachment-0001')).toBeUndefined();
    await store().delete('attachment-0001');
  });

  it('replaces a key whole', async () => {
    await store().put('attachment-0002', new Uint8Array([1, 2, 3]), 'image/png');
    await store().put('attachment-0002', new Uint8Array([4]), 'image/png');
    expect(await store().get('attachment-0002')).toEqual(new Uint8Array([4]));
  });

  it('gives back the largest file Rill takes, every byte value intact', async () => {
    const bytes = new Uint8Array(10 * 1024 * 1024).map((_, i) => (i * 7919) % 256);
    await store().put('attachment-large', bytes, 'application/pdf');
    const read = await store().get('attachment-large');
    expect(read?.byteLength).toBe(bytes.byteLength);
    expect(Buffer.compare(read!, bytes)).toBe(0);
    await store().delete('attachment-large');
  }, 30_000);

  it('refuses keys that could name another file or object', async () => {
    for (const key of ['../escape-attempt', 'a/b/c/d/e/f', '', 'short', 'x'.repeat(129)]) {
      await expect(store().put(key, new Uint8Array([1]), 'image/png')).rejects.toThrow('Invalid attachment key');
      await expect(store().get(key)).rejects.toThrow('Invalid attachment key');
      await expect(store().delete(key)).rejects.toThrow('Invalid attachment key');
    }
  });
}
