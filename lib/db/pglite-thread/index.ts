import 'server-only';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PgliteReply, PgliteRequest, PgliteStarted, PgliteWorkerData, QueryResult, RowMode, SerialisedError } from './protocol';

// Resolved from the working directory like the migrations: after `next build` this module runs
// from a bundle under .next/, and the worker is not bundled (Node loads it with type stripping).
const WORKER_FILE = path.join(process.cwd(), 'lib/db/pglite-thread/worker.ts');

type QueryOptions = { rowMode?: RowMode };
type Queryable = { query(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult> };

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type Call = Distribute<PgliteRequest>;

/**
 * PGlite on its own thread, behind the part of PGlite's interface that drizzle-orm/pglite uses
 * (`query`, `transaction`), so that its statements never block the event loop that every open
 * stream shares. A transaction holds PGlite's lock on the worker: other queries wait for it there.
 */
export class PgliteThread implements Queryable {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(reply: PgliteReply & { ok: true }): void; reject(error: Error): void }>();
  #nextId = 1;
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: PgliteReply) => this.#settle(reply));
    worker.on('error', (error) => this.#stop(new Error(`The embedded database (PGlite) failed: ${error.message}`)));
    worker.on('exit', (code) => this.#stop(new Error(`The embedded database (PGlite) stopped (exit code ${code}).`)));
    // An idle database must not keep the process alive; a query in flight does (see #call).
    worker.unref();
  }

  /** Starts the thread and opens (or creates) the database in `dataDir` (`memory://` for none). */
  static start(dataDir: string): Promise<PgliteThread> {
    const worker = new Worker(WORKER_FILE, { workerData: { dataDir } satisfies PgliteWorkerData });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        stopListening();
        void worker.terminate();
        reject(error);
      };
      const crashed = (error: Error) => failed(new Error(`The embedded database (PGlite) could not start: ${error.message}`));
      const exited = (code: number) => failed(new Error(`The embedded database (PGlite) exited while opening (exit code ${code}).`));
      const answered = (message: PgliteStarted) => {
        stopListening();
        if (message.started) resolve(new PgliteThread(worker));
        else failed(revive(message.error));
      };
      // Only these: removeAllListeners() would also drop the Worker's own internal ones.
      const stopListening = () => {
        worker.off('error', crashed);
        worker.off('exit', exited);
        worker.off('message', answered);
      };
      worker.on('error', crashed);
      worker.on('exit', exited);
      worker.on('message', answered);
    });
  }

  async query(sql: string, params: unknown[] = [], options?: QueryOptions, transactionId?: number): Promise<QueryResult> {
    const reply = await this.#call({ op: 'query', sql, params, rowMode: options?.rowMode ?? 'object', transactionId });
    return reply.result!;
  }

  /** Runs `callback` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(callback: (tx: Queryable) => Promise<T>): Promise<T> {
    const { transactionId } = await this.#call({ op: 'begin' });
    const tx: Queryable = { query: (sql, params, options) => this.query(sql, params, options, transactionId) };
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      await this.#call({ op: 'end', transactionId: transactionId!, commit: false }).catch(() => {});
      throw error;
    }
    await this.#call({ op: 'end', transactionId: transactionId!, commit: true });
    return result;
  }

  async close(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#call({ op: 'close' });
    } finally {
      this.#stopped ??= new Error('The embedded database (PGlite) is closed.');
      await this.#worker.terminate();
    }
  }

  #call(call: Call): Promise<PgliteReply & { ok: true }> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    if (this.#pending.size === 0) this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...call, id } as PgliteRequest);
    });
  }

  #settle(reply: PgliteReply) {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) pending.resolve(reply);
    else pending.reject(revive(reply.error));
  }

  #stop(reason: Error) {
    if (this.#stopped) return;
    this.#stopped = reason;
    console.error(`[db] ${reason.message}`);
    for (const pending of this.#pending.values()) pending.reject(reason);
    this.#pending.clear();
  }
}

/** Rebuilds a worker's error with its Postgres fields, so `error.code === '23505'` still works. */
function revive(serialised: SerialisedError): Error {
  const error = new Error(serialised.message);
  error.name = serialised.name;
  return Object.assign(error, serialised.fields);
}
