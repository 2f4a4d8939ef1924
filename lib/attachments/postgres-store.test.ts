import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeOnEachEngine } from '../db/test-databases';
import { attachmentBlobs } from '../db/schema';
import { createPostgresStore } from './postgres-store';
import type { AttachmentStore } from './store';
import { itKeepsBytesLikeAnyStore } from './store-contract';

describeOnEachEngine('the Postgres attachment store', (database) => {
  let store: AttachmentStore;
  beforeAll(() => {
    store = createPostgresStore(async () => database());
  });

  itKeepsBytesLikeAnyStore(() => store);

  it('keeps the bytes in the database, where another instance on it reads them', async () => {
    await store.put('attachment-shared', new Uint8Array([7, 8, 9]), 'image/png');
    const other = createPostgresStore(async () => database());
    expect(await other.get('attachment-shared')).toEqual(new Uint8Array([7, 8, 9]));
    const [row] = await database().select().from(attachmentBlobs).where(eq(attachmentBlobs.id, 'attachment-shared'));
    expect(new Uint8Array(row!.bytes)).toEqual(new Uint8Array([7, 8, 9]));
  });
});
