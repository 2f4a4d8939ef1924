// Runs PGlite (Postgres compiled to WebAssembly) on its own thread, so that a statement never
// holds up the server's event loop, and with it every open stream. Loaded by Node directly
// (type stripping), not bundled: only Node built-ins and packages may be imported at run time.
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { PgliteReply, PgliteRequest, PgliteStarted, PgliteWorkerData, QueryResult, SerialisedError } from './protocol.ts';

const port = parentPort!;
const { dataDir } = workerData as PgliteWorkerData;

// As drizzle-orm/pglite asks for: dates, timestamps and intervals (and their arrays) stay text,
// and Drizzle's column mappers turn them into values. The parsers cannot cross the thread
// boundary, so the worker applies them to every query.
const keepText = (value: string) => value;
const parsers = Object.fromEntries(
  [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map((type) => [type, keepText]),
);

type OpenTransaction = { tx: Transaction; finish(commit: boolean): void; settled: Promise<void> };
const transactions = new Map<number, OpenTransaction>();
let nextTransactionId = 1;
/** Thrown inside PGlite's transaction callback to make it roll back. */
const ROLLBACK = Symbol('rollback');

function serialise(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: SerialisedError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

async function query(db: PGlite, request: Extract<PgliteRequest, { op: 'query' }>): Promise<QueryResult> {
  let target: PGlite | Transaction = db;
  if (request.transactionId !== undefined) {
    const open = transactions.get(request.transactionId);
    if (!open) throw new Error(`Transaction ${request.transactionId} is not open`);
    target = open.tx;
  }
  const { rows, affectedRows, fields } = await target.query(request.sql, request.params, { rowMode: request.rowMode, parsers });
  return { rows, affectedRows, fields };
}

/** Resolves once PGlite has started the transaction; it then holds PGlite's lock until `end`. */
function begin(db: PGlite): Promise<number> {
  const transactionId = nextTransactionId++;
  return new Promise((started, failed) => {
    const settled: Promise<void> = db
      .transaction(
        (tx) =>
          new Promise<void>((commit, rollback) => {
            transactions.set(transactionId, { tx, settled, finish: (ok) => (ok ? commit() : rollback(ROLLBACK)) });
            started(transactionId);
          }),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          if (error !== ROLLBACK) throw error;
        },
      );
    // Before `started`, a failure is BEGIN's; after it, `end` reports it (failed is then a no-op).
    settled.catch(failed);
  });
}

/** Commits or rolls back, and resolves once PGlite has (or rejects with why COMMIT failed). */
async function end(transactionId: number, commit: boolean): Promise<void> {
  const open = transactions.get(transactionId);
  if (!open) throw new Error(`Transaction ${transactionId} is not open`);
  transactions.delete(transactionId);
  open.finish(commit);
  await open.settled;
}

async function handle(db: PGlite, request: PgliteRequest): Promise<PgliteReply> {
  try {
    switch (request.op) {
      case 'query':
        return { id: request.id, ok: true, result: await query(db, request) };
      case 'begin':
        return { id: request.id, ok: true, transactionId: await begin(db) };
      case 'end':
        await end(request.transactionId, request.commit);
        return { id: request.id, ok: true };
      case 'close':
        await db.close();
        return { id: request.id, ok: true };
    }
  } catch (error) {
    return { id: request.id, ok: false, error: serialise(error) };
  }
}

// V8 first compiles WebAssembly with its baseline compiler (Liftoff), then recompiles the functions
// that run hot with its optimising one (TurboFan). PGlite's SQL parser is a single 105 KB function
// that every statement runs, so it turns hot within the first few statements, and optimising it
// takes about 600 MB of compiler memory and 5 s of CPU: every start peaked above 1 GB of RSS (too
// much for a 1 GB server), and about 60 MB of it stayed resident afterwards. Baseline code costs
// the database thread roughly 0.7 ms more CPU per insert-and-select pair once the optimised code
// would have been ready, and saves the 5 s of compiling. `--liftoff-only` would say so directly
// but V8 reads it only when the process starts; the tier-up filter is read at each tier-up, and no
// function has this index. It is process-wide, and PGlite is the only WebAssembly Rill runs.
setFlagsFromString(`--wasm-tier-up-filter=${2 ** 31 - 1}`);

// Postgres sizes its shared buffers for a server: 128 MB by default, which PGlite allocates and
// zeroes in its WebAssembly memory at start, so all of it is resident from the first second (and
// WebAssembly memory never shrinks). One client and a database of a few MB need far less, and
// a page that no longer fits is read from the operating system's file cache, not from disk.
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

try {
  const db = await PGlite.create(dataDir, { startParams });
  port.on('message', (request: PgliteRequest) => {
    void handle(db, request).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ started: true } satisfies PgliteStarted);
} catch (error) {
  port.postMessage({ started: false, error: serialise(error) } satisfies PgliteStarted);
}
