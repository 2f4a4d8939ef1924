// Test helpers: the engines the query suite runs against. Not imported by application code.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDatabase, type Database, type DatabaseHandle } from './client';

/** The Postgres server the tests use; each run gets its own throwaway database on it. */
export const TEST_POSTGRES_URL = process.env.RILL_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';

export type TestEngine = { name: string; open(): Promise<DatabaseHandle> };

export const pgliteEngine: TestEngine = {
  name: 'PGlite (in memory)',
  open: () => createDatabase({ dataDir: 'memory://' }),
};

export const postgresEngine: TestEngine = {
  name: 'Postgres server',
  async open() {
    const scratch = await createScratchDatabase();
    let handle: DatabaseHandle;
    try {
      handle = await createDatabase({ url: scratch.url });
    } catch (error) {
      await scratch.drop();
      throw error;
    }
    return {
      db: handle.db,
      async close() {
        try {
          await handle.close();
        } finally {
          await scratch.drop();
        }
      },
    };
  },
};

/**
 * A suite that runs once on each engine, on a fresh database opened before it and closed after
 * it; the suite's own hooks and tests reach that database through `database()`.
 */
export function describeOnEachEngine(title: string, body: (database: () => Database) => void): void {
  describe.each<TestEngine>([pgliteEngine, postgresEngine])(`${title} on $name`, (engine) => {
    let handle: DatabaseHandle | undefined;
    beforeAll(async () => {
      handle = await engine.open();
    }, 30_000);
    afterAll(async () => {
      await handle?.close();
    });
    body(() => {
      if (!handle) throw new Error('The test database is not open.');
      return handle.db;
    });
  });
}

/** A new, empty database on the test server, uniquely named so that parallel runs never meet. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot reach the test Postgres server at ${redact(TEST_POSTGRES_URL)} (${reason}). ` +
        'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) ' +
        'or point RILL_TEST_POSTGRES_URL at one.',
    );
  }
  const name = `rill_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    // pg's pool.end() resolves before its sockets have closed: give the server a moment to see
    // them go (a forced drop would kill them and make the pool log errors), then force it.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await admin.query(`drop database if exists "${name}"`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // 55006: object_in_use
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
