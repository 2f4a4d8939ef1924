/** Runs once when a server instance starts: open and migrate the database before the first request needs it. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDatabase } = await import('./lib/db/client');
  getDatabase().catch((error: unknown) => {
    console.error('Rill could not open its database:', error instanceof Error ? error.message : error);
  });
}
