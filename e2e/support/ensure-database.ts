// Creates the shared Postgres database of the multi-instance tests when it is missing.
// Run by each instance's start command; whichever runs second finds it there.
import pg from 'pg';

const name = process.argv[2];
if (!name || !/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error('usage: ensure-database.ts <database_name>');
  process.exit(2);
}
const client = new pg.Client({ connectionString: process.env.POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
await client.connect();
try {
  await client.query(`CREATE DATABASE ${name}`);
} catch (error) {
  // 42P04: it exists already (the other instance created it first).
  if ((error as { code?: string }).code !== '42P04') throw error;
} finally {
  await client.end();
}
