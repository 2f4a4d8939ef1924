import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` turns lib/db/schema.ts into SQL migrations in lib/db/migrations
// (no database needed). The app applies them itself on first use (lib/db/client.ts).
// Commands that talk to a database (studio, migrate, push) use DATABASE_URL, else the local PGlite
// data directory: stop the app first, PGlite allows only one process per data directory.
const databaseUrl = process.env.DATABASE_URL || undefined;

export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema.ts',
  out: './lib/db/migrations',
  strict: true,
  verbose: true,
  ...(databaseUrl ? { dbCredentials: { url: databaseUrl } } : { driver: 'pglite', dbCredentials: { url: './.data/pglite' } }),
});
