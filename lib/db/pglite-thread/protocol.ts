// Messages between the server's main thread and the thread that runs PGlite. Types only: the
// worker is loaded by Node directly (type stripping), so it can import nothing at run time
// from here.

export type RowMode = 'array' | 'object';

export type PgliteRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; rowMode: RowMode; transactionId?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; transactionId: number; commit: boolean }
  | { id: number; op: 'close' };

/** What a query returns: the part of PGlite's `Results` that Drizzle reads. */
export type QueryResult = { rows: unknown[]; affectedRows?: number; fields: { name: string; dataTypeID: number }[] };

/** An error's own fields (Postgres's `code`, `detail`, `constraint`…), which structured clone would drop. */
export type SerialisedError = { name: string; message: string; fields: Record<string, string | number | boolean> };

export type PgliteReply =
  | { id: number; ok: true; result?: QueryResult; transactionId?: number }
  | { id: number; ok: false; error: SerialisedError };

/** The worker's first message: the database is open, or why it could not be. */
export type PgliteStarted = { started: true } | { started: false; error: SerialisedError };

export type PgliteWorkerData = { dataDir: string };
