/**
 * Runs once when a server instance starts: open and migrate the database before the first
 * request needs it, settle what a crash left behind, start the sweeps of unsent attachments,
 * and shut down gracefully on SIGTERM.
 */
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
    const { sql } = await import('drizzle-orm');
    const { drainGenerations, settleAnswersOfDeadProcess } = await import('./lib/live-answers');
    getDatabase()
      // Only this process can open the embedded database: an answer it holds as streaming was cut off by a crash.
      .then(() => (env.DATABASE_URL ? 0 : settleAnswersOfDeadProcess()))
      .then((settled) => {
        if (settled > 0) console.warn(`Rill saved ${settled} answer(s) cut off by an earlier crash as interrupted.`);
      })
      .catch((error: unknown) => {
        console.error('Rill could not open its database:', error instanceof Error ? error.message : error);
      });
    // next start stops taking connections on SIGTERM and exits once the open responses and the
    // work handed to it have ended; this bounds that wait, saving what is left as interrupted.
    process.once('SIGTERM', () => {
      const graceMs = env.RILL_SHUTDOWN_GRACE_S * 1000;
      void drainGenerations(graceMs, 5_000).then(async ({ finished, interrupted }) => {
        console.log(`Rill stopped: ${finished} answer(s) finished, ${interrupted} saved as interrupted.`);
        // The embedded database is not closed before the process exits: a checkpoint spares the
        // next start replaying the log, and the memory that replay keeps.
        if (!env.DATABASE_URL) await (await getDatabase()).execute(sql`checkpoint`).catch(() => undefined);
      });
    });
    // Every instance sweeps files attached but never sent; sweeps running at once share the work.
    const { scheduleUnsentAttachmentSweeps } = await import('./lib/attachments');
    scheduleUnsentAttachmentSweeps();
  }
}
