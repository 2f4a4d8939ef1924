import { createClient, defineScript, type CommandParser } from 'redis';
import { readerSlots } from './readers';
import { abortableIterable, checkFrom, parsedChunks, serialiseChunk } from './shared';
import type { StreamRegistry, StreamWriter } from './types';
import { sharedConnection, shutdownConnection } from '../redis/connection';
import { assertRedisUrl, describeRedisUrl, withDeadline } from '../redis/url';

/**
 * Layout, under `prefix` (default `rill:streams:`):
 * - `<prefix><streamId>`: a Redis stream. Its first entry `{s: '1'}` marks the start (so the key
 *   exists, and `read` finds the stream, before the first chunk); then one entry `{c: <json>}` per
 *   chunk, in write order; then `{e: '1'}` once `end()` ran. TTL: `runningTtlMs` (default 1 h),
 *   refreshed by every write, so a writer that crashes leaks nothing; `retainMs` (default 5 min)
 *   from `end()`.
 * - `<prefix>active:<conversationKey>`: the id of the conversation's running stream, with the
 *   same running TTL; deleted by `end()` only if it still names that stream.
 * - channel `<prefix>stop`: Stop requests; the message is the conversation key.
 */

/** Creates the stream and makes it the conversation's active stream, unless the id is taken. */
const CREATE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('XADD', KEYS[1], '*', 's', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** Marks the end, starts the retention TTL, and clears the active pointer if it is still ours. */
const END_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('XADD', KEYS[1], '*', 'e', '1')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
`;

function toNumber(reply: unknown, what: string): number {
  if (typeof reply !== 'number') throw new Error(`Unexpected reply from the ${what} script: ${JSON.stringify(reply)}`);
  return reply;
}

const CREATE_SCRIPT = defineScript({
  SCRIPT: CREATE_LUA,
  NUMBER_OF_KEYS: 2,
  parseCommand(parser: CommandParser, streamKey: string, activeKey: string, streamId: string, ttlMs: number) {
    parser.pushKey(streamKey);
    parser.pushKey(activeKey);
    parser.push(streamId, String(ttlMs));
  },
  transformReply: (reply: unknown) => toNumber(reply, 'create-stream'),
});

const END_SCRIPT = defineScript({
  SCRIPT: END_LUA,
  NUMBER_OF_KEYS: 2,
  parseCommand(parser: CommandParser, streamKey: string, activeKey: string, streamId: string, retainMs: number) {
    parser.pushKey(streamKey);
    parser.pushKey(activeKey);
    parser.push(streamId, String(retainMs));
  },
  transformReply: (reply: unknown) => toNumber(reply, 'end-stream'),
});

const DEFAULT_PREFIX = 'rill:streams:';
const DEFAULT_RETAIN_MS = 5 * 60_000;
const DEFAULT_RUNNING_TTL_MS = 60 * 60_000;
const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_BLOCK_MS = 5_000;
/** Chunks per XADD transaction, and entries per XRANGE/XREAD page. */
const BATCH = 256;

/** Stream writes, reads and the active pointer: one shared connection that never blocks. */
function makeCommandClient(url: string, timeoutMs: number) {
  return createClient({
    url,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
    // Fail at once while disconnected instead of queueing commands for a server that may not return.
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    scripts: { createStream: CREATE_SCRIPT, endStream: END_SCRIPT },
  });
}
type CommandClient = ReturnType<typeof makeCommandClient>;

/** A connection of its own, for one blocking reader (XREAD BLOCK) or the Stop subscription. */
function makeDedicatedClient(
  url: string,
  connectTimeoutMs: number,
  commandTimeoutMs: number,
  reconnectStrategy: false | ((retries: number, cause: Error) => number | false | Error) = false,
) {
  return createClient({
    url,
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy },
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
  });
}
type DedicatedClient = ReturnType<typeof makeDedicatedClient>;

/** Raised when Redis cannot be reached or does not answer in time. Its message names REDIS_URL, never its password. */
export class StreamRegistryUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StreamRegistryUnavailableError';
  }
}


function positiveMs(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a whole number of milliseconds > 0, not ${value}.`);
  return value;
}

type Entry = { id: string; fields: Record<string, string> };

/** XRANGE and XREAD entries ({id, message}) as plain strings, whatever the RESP version. */
function toEntries(messages: unknown): Entry[] {
  if (!Array.isArray(messages)) return [];
  return messages.map((raw) => {
    const { id, message } = raw as { id: unknown; message: unknown };
    const fields: Record<string, string> = {};
    if (message instanceof Map) for (const [k, v] of message) fields[String(k)] = String(v);
    else if (message && typeof message === 'object') for (const [k, v] of Object.entries(message)) fields[k] = String(v);
    return { id: String(id), fields };
  });
}

/**
 * Streams kept in Redis, so that any instance can serve a reconnect and Stop reaches the instance
 * that runs the generation (via PUBLISH/SUBSCRIBE).
 *
 * Failures: `create`, `activeStream`, `read` and `requestStop` reject within about `timeoutMs`
 * (default 2 s) with a StreamRegistryUnavailableError naming REDIS_URL when Redis is unreachable;
 * the next call tries a fresh connection. `onStopRequested` rejects the same way if the first
 * SUBSCRIBE fails; once subscribed, the subscription reconnects (and resubscribes) by itself.
 * A reader whose Redis goes away mid-stream throws that error from its iterator.
 *
 * `write` never throws for Redis failures: chunks are queued and sent in order, in batches. If a
 * batch fails, that batch and every later chunk of the stream are dropped (one error is logged),
 * so what Redis holds is always a prefix of the stream: indices stay valid and readers never see
 * a gap. `end()` still tries to mark the end (so readers finish), then rejects with the failure.
 */
export function createRedisStreamRegistry<Chunk = unknown>(options: {
  url: string;
  prefix?: string;
  /** How long a finished stream stays readable. Default 5 min. */
  retainMs?: number;
  /** TTL of a running stream and its active pointer, refreshed by each write. Default 1 h. */
  runningTtlMs?: number;
  /** Connect and command timeout. Default 2 s. */
  timeoutMs?: number;
  /** How long one XREAD blocks before the reader checks that the stream still exists. Default 5 s. */
  blockMs?: number;
  /** Readers one stream may have at once on this instance; `read` beyond that throws a TooManyReadersError. Default 8. */
  maxReadersPerStream?: number;
}): StreamRegistry<Chunk> {
  const { url, prefix = DEFAULT_PREFIX } = options;
  const retainMs = positiveMs(options.retainMs ?? DEFAULT_RETAIN_MS, 'retainMs');
  const runningTtlMs = positiveMs(options.runningTtlMs ?? DEFAULT_RUNNING_TTL_MS, 'runningTtlMs');
  const timeoutMs = positiveMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const blockMs = positiveMs(options.blockMs ?? DEFAULT_BLOCK_MS, 'blockMs');
  const slots = readerSlots(options.maxReadersPerStream);
  assertRedisUrl(url);
  const where = `REDIS_URL=${describeRedisUrl(url)}`;
  const unavailable = (what: string, cause?: unknown) =>
    new StreamRegistryUnavailableError(
      `The stream registry is unavailable: ${what} (${where})` +
        (cause instanceof Error && cause.message ? `: ${cause.message}` : '.'),
      { cause },
    );
  const streamKey = (streamId: string) => `${prefix}${streamId}`;
  const activeKey = (conversationKey: string) => `${prefix}active:${conversationKey}`;
  const stopChannel = `${prefix}stop`;

  const closing = new AbortController();
  const checkOpen = () => {
    if (closing.signal.aborted) throw new Error('The stream registry is closed.');
  };

  // ---- the shared command connection ----
  const connection = sharedConnection(() => makeCommandClient(url, timeoutMs), {
    timeoutMs,
    closedError: () => new Error('The stream registry is closed.'),
    unavailable,
  });
  /** Runs one command (or transaction) on the shared connection, with a deadline and a named error. */
  const run = <T>(what: string, command: (c: CommandClient) => Promise<T>): Promise<T> => connection.run(what, command);

  // ---- Stop requests: one subscriber connection per registry ----
  const stopListeners = new Set<(conversationKey: string) => void>();
  let subscriber: Promise<DedicatedClient> | undefined;

  const deliverStop = (conversationKey: string) => {
    for (const listener of [...stopListeners]) {
      try {
        listener(conversationKey);
      } catch (error) {
        console.error('[streams] a stop listener failed:', error instanceof Error ? error.message : error);
      }
    }
  };

  const subscribe = (): Promise<DedicatedClient> => {
    subscriber ??= (async () => {
      let subscribed = false;
      // The first connection fails fast; once subscribed, reconnect (and resubscribe) with backoff.
      const sub = makeDedicatedClient(url, timeoutMs, timeoutMs, (retries, cause) =>
        subscribed && !closing.signal.aborted ? Math.min(100 * 2 ** retries, 5_000) : cause,
      );
      let reported = false;
      sub.on('error', (error: unknown) => {
        if (!subscribed || reported || closing.signal.aborted) return;
        reported = true;
        console.error(
          `[streams] lost the Redis subscription for Stop requests (${where}); reconnecting:`,
          error instanceof Error ? error.message : error,
        );
      });
      sub.on('ready', () => {
        if (reported) console.error(`[streams] the Redis subscription for Stop requests is back (${where}).`);
        reported = false;
      });
      try {
        await withDeadline(sub.connect(), timeoutMs, () => new Error(`no connection within ${timeoutMs} ms`));
        await withDeadline(sub.subscribe(stopChannel, (message) => deliverStop(message)), timeoutMs + 100, () =>
          new Error(`no answer within ${timeoutMs} ms`),
        );
      } catch (error) {
        sub.destroy();
        throw unavailable('cannot subscribe to Stop requests', error);
      }
      subscribed = true;
      if (closing.signal.aborted) {
        sub.destroy();
        throw new Error('The stream registry is closed.');
      }
      return sub;
    })();
    const attempt = subscriber;
    // A failed attempt is forgotten, so the next onStopRequested tries again.
    attempt.catch(() => {
      if (subscriber === attempt) subscriber = undefined;
    });
    return attempt;
  };

  // ---- writers ----
  const pendingFlushes = new Set<Promise<void>>();

  async function* tail(key: string, from: number, signal: AbortSignal): AsyncGenerator<string[], void, undefined> {
    let lastId: string | undefined;
    let index = 0;
    /** The chunks at index >= from among `entries`, and whether the end entry was among them. */
    const absorb = (entries: Entry[]) => {
      const chunks: string[] = [];
      for (const { id, fields } of entries) {
        lastId = id;
        if (fields.c !== undefined) {
          if (index++ >= from) chunks.push(fields.c);
        } else if (fields.e !== undefined) {
          return { chunks, ended: true };
        }
      }
      return { chunks, ended: false };
    };

    // What was written so far, page by page, on the shared connection.
    for (;;) {
      if (signal.aborted) return;
      const start = lastId === undefined ? '-' : `(${lastId}`;
      const page = toEntries(await run('a stream read', (c) => c.xRange(key, start, '+', { COUNT: BATCH })));
      const { chunks, ended } = absorb(page);
      if (signal.aborted) return;
      if (chunks.length > 0) yield chunks;
      if (ended) return;
      if (page.length < BATCH) break;
    }
    // It expired between read()'s EXISTS and the XRANGE: nothing more will come.
    if (lastId === undefined) return;

    // Then the rest as it comes, blocking on a connection of this reader's own.
    const blocking = makeDedicatedClient(url, timeoutMs, blockMs + timeoutMs);
    blocking.on('error', () => undefined);
    const release = () => blocking.destroy();
    signal.addEventListener('abort', release, { once: true });
    try {
      if (signal.aborted) return;
      await withDeadline(blocking.connect(), timeoutMs, () => new Error(`no connection within ${timeoutMs} ms`));
      for (;;) {
        if (signal.aborted) return;
        const reply = await blocking.xRead({ key, id: lastId }, { BLOCK: blockMs, COUNT: BATCH });
        const streams = Array.isArray(reply) ? (reply as Array<{ messages?: unknown }>) : [];
        if (streams.length === 0) {
          // Nothing for a while: give up only if the stream is gone (its writer died and it expired).
          if ((await run('a stream read', (c) => c.exists(key))) === 0) return;
          continue;
        }
        const { chunks, ended } = absorb(toEntries(streams[0]?.messages));
        if (signal.aborted) return;
        if (chunks.length > 0) yield chunks;
        if (ended) return;
      }
    } catch (error) {
      if (signal.aborted) return; // destroying the connection is how an abort interrupts XREAD
      if (error instanceof StreamRegistryUnavailableError) throw error;
      throw unavailable('Redis did not complete a stream read', error);
    } finally {
      signal.removeEventListener('abort', release);
      blocking.destroy();
    }
  }

  return {
    async create(conversationKey, streamId) {
      checkOpen();
      const key = streamKey(streamId);
      const active = activeKey(conversationKey);
      const created = await run('creating a stream', (c) => c.createStream(key, active, streamId, runningTtlMs));
      if (created !== 1) throw new Error(`A stream with id ${streamId} already exists.`);

      const queue: string[] = [];
      let flushing: Promise<void> | undefined;
      let failure: unknown;
      let ending: Promise<void> | undefined;

      const flush = async () => {
        try {
          while (queue.length > 0) {
            const batch = queue.splice(0, BATCH);
            await run('a stream write', (c) => {
              const multi = c.multi();
              for (const json of batch) multi.xAdd(key, '*', { c: json });
              multi.pExpire(key, runningTtlMs);
              multi.pExpire(active, runningTtlMs);
              return multi.exec();
            });
          }
        } catch (error) {
          failure = error;
          queue.length = 0;
          console.error(
            `[streams] stream ${streamId} could not be written to Redis; it and later chunks are dropped:`,
            error instanceof Error ? error.message : error,
          );
        } finally {
          flushing = undefined;
        }
      };

      const writer: StreamWriter<Chunk> = {
        write(chunk) {
          const json = serialiseChunk(chunk); // a chunk that is not JSON is a bug: TypeError, always
          // After end(), after a failed write (see above) or once closed, the chunk is dropped.
          if (ending || failure !== undefined || closing.signal.aborted) return;
          queue.push(json);
          if (!flushing) {
            const started = (flushing = flush());
            pendingFlushes.add(started);
            void started.finally(() => pendingFlushes.delete(started));
          }
        },
        end() {
          ending ??= (async () => {
            while (flushing) await flushing;
            let endError: unknown;
            try {
              await run('ending a stream', (c) => c.endStream(key, active, streamId, retainMs));
            } catch (error) {
              endError = error;
            }
            if (failure !== undefined) {
              throw unavailable(`stream ${streamId} lost chunks`, failure);
            }
            if (endError !== undefined) throw endError;
          })();
          return ending;
        },
      };
      return writer;
    },

    async activeStream(conversationKey) {
      checkOpen();
      const id = await run('reading the active stream', (c) => c.get(activeKey(conversationKey)));
      return id ?? undefined;
    },

    async read(streamId, from, signal) {
      const batches = await this.readSerialised(streamId, from, signal);
      return batches && parsedChunks<Chunk>(batches);
    },

    async readSerialised(streamId, from, signal) {
      checkOpen();
      checkFrom(from);
      const key = streamKey(streamId);
      // Taken before the first await, so that a burst of reads cannot all pass the check at once.
      const release = slots.take(streamId);
      let found = false;
      try {
        found = (await run('a stream read', (c) => c.exists(key))) === 1;
      } finally {
        if (!found) release();
      }
      if (!found) return undefined;
      return abortableIterable([signal, closing.signal], (combined) => tail(key, from, combined), release);
    },

    async requestStop(conversationKey) {
      checkOpen();
      await run('a Stop request', (c) => c.publish(stopChannel, conversationKey));
    },

    async onStopRequested(onStop) {
      checkOpen();
      await subscribe();
      const listener = (conversationKey: string) => onStop(conversationKey);
      stopListeners.add(listener);
      return () => {
        stopListeners.delete(listener);
      };
    },

    async close() {
      if (closing.signal.aborted) return;
      closing.abort(); // ends every reader and releases its connection
      stopListeners.clear();
      await Promise.allSettled([...pendingFlushes]);
      const sub = subscriber;
      subscriber = undefined;
      await Promise.all([connection.close(), sub?.then((conn) => shutdownConnection(conn, timeoutMs), () => undefined)]);
    },
  };
}
