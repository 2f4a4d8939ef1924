// Runs PGlite (Postgres compiled to WebAssembly) on its own thread, so that a statement never
// holds up the server's event loop, and with it every open stream. Loaded by Node directly
// (type stripping), not bundled: only Node built-ins and packages may be imported at run time.
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { parse, PGlite, protocol, types, type Transaction } from '@electric-sql/pglite';
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

async function query(db: PGlite, statements: PreparedStatements, request: Extract<PgliteRequest, { op: 'query' }>): Promise<QueryResult> {
  let results;
  if (request.transactionId === undefined) results = await statements.run(request.sql, request.params, request.rowMode);
  else {
    const open = transactions.get(request.transactionId);
    if (!open) throw new Error(`Transaction ${request.transactionId} is not open`);
    results = await open.tx.query(request.sql, request.params, { rowMode: request.rowMode, parsers });
  }
  const { rows, affectedRows, fields } = results;
  return { rows, affectedRows, fields };
}

const { serialize } = protocol;
/** The most statements kept prepared: each holds its plan in WebAssembly memory, which never shrinks. */
const MAX_PREPARED = 200;

/**
 * Runs each SQL text as a named prepared statement, prepared the first time it is seen. PGlite's
 * `query` has Postgres parse, analyse and plan the text on every call, with its parser in
 * baseline-compiled WebAssembly (see the tier-up filter below): about two thirds of a simple
 * statement's cost. A prepared one is only bound and executed, its plan cached by Postgres.
 * Rill's statements are a few dozen texts, run over and over; the least recently used is
 * closed beyond `MAX_PREPARED` (texts with a list of ids vary with its length).
 * Like PGlite's `query`, a statement waits for any open transaction to end, and runs alone.
 */
class PreparedStatements {
  private readonly byText = new Map<string, { name: string; paramTypes: number[] }>();
  private nextName = 1;
  private readonly db: PGlite;
  /** PGlite's parsers with Rill's, merged once: given them per query, PGlite copies all of them for every result. */
  private readonly parsers: PGlite['parsers'];

  constructor(db: PGlite) {
    this.db = db;
    this.parsers = { ...db.parsers, ...parsers };
  }

  run(text: string, params: unknown[], rowMode: 'array' | 'object') {
    // The same locks as PGlite's own `query` (its execProtocol takes none).
    return this.db._runExclusiveTransaction(() =>
      this.db._runExclusiveQuery(async () => {
        const statement = await this.prepared(text);
        const values = params.map((value, index) => {
          if (value === null || value === undefined) return null;
          const serializer = this.db.serializers[statement.paramTypes[index]!];
          return serializer ? serializer(value) : String(value);
        });
        const { messages } = await this.db.execProtocol(
          concat(serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()),
        );
        return parse.parseResults(messages, this.parsers, { rowMode })[0]!;
      }),
    );
  }

  private async prepared(text: string) {
    const known = this.byText.get(text);
    if (known) {
      // Most recently used last: the first in the map is the one to close.
      this.byText.delete(text);
      this.byText.set(text, known);
      return known;
    }
    if (this.byText.size >= MAX_PREPARED) {
      const [oldestText, oldest] = this.byText.entries().next().value!;
      this.byText.delete(oldestText);
      await this.db.execProtocol(concat(serialize.close({ type: 'S', name: oldest.name }), serialize.sync()));
    }
    const name = `rill_${this.nextName++}`;
    const { messages } = await this.db.execProtocol(concat(serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()));
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    this.byText.set(text, statement);
    return statement;
  }
}

function concat(...messages: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(messages.reduce((length, message) => length + message.length, 0));
  let offset = 0;
  for (const message of messages) {
    all.set(message, offset);
    offset += message.length;
  }
  return all;
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

async function handle(db: PGlite, statements: PreparedStatements, request: PgliteRequest): Promise<PgliteReply> {
  try {
    switch (request.op) {
      case 'query':
        return { id: request.id, ok: true, result: await query(db, statements, request) };
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
// much for a 1 GB server), and about 60 MB of it stayed resident afterwards. Baseline code cost
// the database thread roughly 0.7 ms more CPU per insert-and-select pair once the optimised code
// would have been ready (measured before statements were prepared: the parser now runs once per
// statement text, not once per call), and saves the 5 s of compiling. `--liftoff-only` would say
// so directly but V8 reads it only when the process starts; the tier-up filter is read at each
// tier-up, and no function has this index. It is process-wide, and PGlite is the only WebAssembly
// Rill runs.
setFlagsFromString(`--wasm-tier-up-filter=${2 ** 31 - 1}`);

// Postgres sizes its shared buffers for a server: 128 MB by default, which PGlite allocates and
// zeroes in its WebAssembly memory at start, so all of it is resident from the first second (and
// WebAssembly memory never shrinks). One client and a database of a few MB need far less, and
// a page that no longer fits is read from the operating system's file cache, not from disk.
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

try {
  const db = await PGlite.create(dataDir, { startParams });
  const statements = new PreparedStatements(db);
  port.on('message', (request: PgliteRequest) => {
    void handle(db, statements, request).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ started: true } satisfies PgliteStarted);
} catch (error) {
  port.postMessage({ started: false, error: serialise(error) } satisfies PgliteStarted);
}
