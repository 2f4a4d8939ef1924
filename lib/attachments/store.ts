import 'server-only';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where attachment bytes live, by key: on local disk (here), in the database (postgres-store) or
 * in an S3-compatible bucket (s3-store); `getAttachmentStore` picks one. Keys are Rill's own
 * attachment ids (URL-safe); who may read what is decided before the store is asked, from the
 * database.
 */
export interface AttachmentStore {
  /** Stores the bytes under the key, replacing what was there. */
  put(key: string, bytes: Uint8Array, mediaType: string): Promise<void>;
  /** The bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
  /** Removes the bytes; removing what is not there is not an error. */
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[A-Za-z0-9_-]{8,128}$/;

export function checkedKey(key: string): string {
  // A key never names a path outside the store's folder, nor another object, whoever calls.
  if (!SAFE_KEY.test(key)) throw new Error('Invalid attachment key');
  return key;
}

/** One file per key in `directory`, written to a temporary name first so a reader never sees half a file. */
export function createDiskStore(directory: string): AttachmentStore {
  const fileOf = (key: string) => path.join(directory, checkedKey(key));
  return {
    async put(key, bytes) {
      const target = fileOf(key);
      await mkdir(directory, { recursive: true });
      const partial = `${target}.${crypto.randomUUID()}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, target);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

/**
 * A store that writes to `current` and still reads and deletes what `previous` holds: files kept
 * before a deployment moved to another store stay readable, and go when their conversation does.
 */
export function withPreviousStore(current: AttachmentStore, previous: AttachmentStore): AttachmentStore {
  return {
    put: (key, bytes, mediaType) => current.put(key, bytes, mediaType),
    async get(key) {
      return (await current.get(key)) ?? previous.get(key);
    },
    async delete(key) {
      await Promise.all([current.delete(key), previous.delete(key)]);
    },
  };
}
