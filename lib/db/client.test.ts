import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from './client';
import { createConversation, getConversation, listConversations, saveMessage } from './queries';
import { createScratchDatabase } from './test-databases';

describe('createDatabase', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('keeps PGlite data on disk across reopening, creating the directory', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'rill-pglite-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'nested', 'pglite');

    const first = await createDatabase({ dataDir });
    const id = randomUUID();
    await createConversation(first.db, { id, ownerId: 'owner', title: 'Persisted' });
    await saveMessage(first.db, 'owner', id, { id: randomUUID(), role: 'user', parts: [{ type: 'text', text: 'hi' }], status: 'complete' });
    await first.close();

    // Reopening runs the migrator again: already applied, it changes nothing.
    const second = await createDatabase({ dataDir });
    try {
      const stored = await getConversation(second.db, 'owner', id);
      expect(stored?.title).toBe('Persisted');
      expect(stored?.messages).toHaveLength(1);
    } finally {
      await second.close();
    }
  }, 30_000);

  it('migrates one Postgres database from several instances at once', async () => {
    const scratch = await createScratchDatabase();
    cleanups.push(scratch.drop);
    const handles: DatabaseHandle[] = await Promise.all([1, 2, 3].map(() => createDatabase({ url: scratch.url })));
    try {
      const id = randomUUID();
      await createConversation(handles[0]!.db, { id, ownerId: 'owner' });
      for (const handle of handles) {
        expect((await listConversations(handle.db, 'owner')).conversations.map((c) => c.id)).toEqual([id]);
      }
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  }, 30_000);

  it('fails clearly when the migrations folder is missing', async () => {
    await expect(createDatabase({ dataDir: 'memory://', migrationsFolder: path.join(tmpdir(), `missing-${randomUUID()}`) })).rejects.toThrow(
      /migrat|journal/i,
    );
  }, 30_000);
});
