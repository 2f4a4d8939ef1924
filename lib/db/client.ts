import 'server-only';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { processWide } from '../async/process-wide';
import { env } from '../env';
import { PgliteThread } from './pglite-thread';
import * as schema from './schema';

/** What every query takes: a Drizzle Postgres database, whichever engine is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = { db: Database; close(): Promise<void> };

export type CreateDatabaseOptions = {
  /** A postgres:// URL: node-postgres on a pool. Takes precedence over dataDir. */
  url?: string;
  /** PGlite data directory (created if missing); in memory when omitted. */
  dataDir?: string;
  /** Defaults to `<cwd>/lib/db/migrations` (the folder drizzle-kit generates into). */
  migrationsFolder?: string;
};

// Resolved from the working directory, not from this module's URL: after `next build` this code
// runs from a bundle under .next/, while `next start` runs in the project root.
export const DEFAULT_MIGRATIONS_FOLDER = path.join(process.cwd(), 'lib/db/migrations');

// Any fixed number: it only has to be the same for every instance migrating the same database.
const MIGRATION_LOCK_ID = 7_212_026_001;

/** Opens a database and applies pending migrations before handing it out. */
export async function createDatabase(options: CreateDatabaseOptions): Promise<DatabaseHandle> {
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  if (options.url) return openPostgres(options.url, migrationsFolder);
  return openPglite(options.dataDir ?? 'memory://', migrationsFolder);
}

async function openPostgres(url: string, migrationsFolder: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url });
  // An idle client whose connection drops emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => console.error('[db] idle Postgres connection failed:', error.message));
  try {
    // Several instances may start at once: a session advisory lock lets one migrate at a time.
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      try {
        await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const db: Database = drizzleNodePg({ client: pool, schema });
  return { db, close: () => pool.end() };
}

async function openPglite(dataDir: string, migrationsFolder: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  // PGlite makes a new database by running initdb in two more WebAssembly instances, whose
  // 200+ MB an idle thread seldom gave back. A process of its own makes it, and ends with all that.
  if (!inMemory && !existsSync(path.join(dataDir, 'PG_VERSION'))) await createPgliteDatabase(dataDir);
  const thread = await PgliteThread.start(dataDir);
  try {
    // The thread offers the part of PGlite's interface that drizzle-orm/pglite calls.
    const pgliteDb = drizzlePglite({ client: thread as unknown as PGlite, schema });
    await migratePglite(pgliteDb, { migrationsFolder });
    const db: Database = pgliteDb;
    return { db, close: () => thread.close() };
  } catch (error) {
    await thread.close().catch(() => {});
    throw error;
  }
}

const CREATE_DATABASE = `
import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(process.env.RILL_NEW_PGLITE_DIR);
await db.close();
`;

async function createPgliteDatabase(dataDir: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', CREATE_DATABASE], {
    cwd: process.cwd(),
    env: { ...process.env, RILL_NEW_PGLITE_DIR: dataDir },
  });
}

/**
 * The process-wide database: Postgres when DATABASE_URL is set, else PGlite in .data/pglite. One
 * per process, whatever module reloads happen: two PGlite instances on one data directory would
 * corrupt it.
 */
export async function getDatabase(): Promise<Database> {
  const handle = await processWide('rill.db.singleton', async () =>
    createDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.resolve(env.RILL_DATA_DIR, 'pglite') }),
  );
  return handle.db;
}
