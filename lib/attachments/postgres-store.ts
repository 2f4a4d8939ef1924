import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { attachmentBlobs } from '../db/schema';
import { checkedKey, type AttachmentStore } from './store';

// The bytes cross as base64 text, decoded by the database: PGlite (de)serialises a bytea
// parameter one byte at a time in JavaScript (a 10 MB file took 14 s to store), and even
// node-postgres is about twice as fast this way.
const encoded = sql<string>`encode(${attachmentBlobs.bytes}, 'base64')`;

/** Bytes in the database's attachment_blobs table: every instance on the same database reads them. */
export function createPostgresStore(database: () => Promise<Database>): AttachmentStore {
  return {
    async put(key, bytes) {
      const decoded = sql`decode(${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}, 'base64')`;
      await (await database())
        .insert(attachmentBlobs)
        .values({ id: checkedKey(key), bytes: decoded })
        .onConflictDoUpdate({ target: attachmentBlobs.id, set: { bytes: decoded } });
    },
    async get(key) {
      const [row] = await (await database())
        .select({ base64: encoded })
        .from(attachmentBlobs)
        .where(eq(attachmentBlobs.id, checkedKey(key)));
      // Postgres breaks base64 into lines, which Buffer skips.
      return row ? new Uint8Array(Buffer.from(row.base64, 'base64')) : undefined;
    },
    async delete(key) {
      await (await database()).delete(attachmentBlobs).where(eq(attachmentBlobs.id, checkedKey(key)));
    },
  };
}
