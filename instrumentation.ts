/** Runs once when a server instance starts: open and migrate the database before the first request needs it, and start the sweeps of unsent attachments. */
export async function register(): Promise<void> {
  // The condition must wrap the imports (not return early before them): the bundler drops this
  // block from the edge build only when it is visibly dead there.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // First: every request from here on knows its connection's address (lib/client-ip).
    const { capturePeerAddresses } = await import('./lib/client-ip');
    capturePeerAddresses();
    const { env } = await import('./lib/env');
    if (process.env.NODE_ENV === 'production' && env.ANTHROPIC_API_KEY && !env.APP_PASSWORD) {
      console.warn(
        'Rill is open to anyone who can reach it, and spends your ANTHROPIC_API_KEY on their messages. ' +
          'Set APP_PASSWORD, or put Rill behind your own sign-in, before exposing it.',
      );
    }
    const { getDatabase } = await import('./lib/db/client');
    getDatabase().catch((error: unknown) => {
      console.error('Rill could not open its database:', error instanceof Error ? error.message : error);
    });
    // Every instance sweeps files attached but never sent; sweeps running at once share the work.
    const { scheduleUnsentAttachmentSweeps } = await import('./lib/attachments');
    scheduleUnsentAttachmentSweeps();
  }
}
