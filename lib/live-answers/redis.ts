import { createClient, defineScript, type CommandParser } from 'redis';
import { readerSlots } from './readers';
import { abortableIterable, checkFrom, serialiseChunk, stopListeners } from './shared';
import type { StreamRegistry, StreamWriter } from './types';
import { commandClient, sharedConnection, shutdownConnection } from '../redis/connection';
import { assertRedisUrl, describeRedisUrl, withDeadline } from '../redis/url';

/**
 * Layout, under `prefix` (default `rill:streams:`):
 * - `<prefix><streamId>`: a Redis stream. Its first entry `{s: '1'}` marks the start (so the key
 *   exists, and `readSerialised` finds the stream, before the first chunk); then one entry
 *   `{c: <json>}` per chunk, in write order; then `{e: '1'}` once `end()` ran. TTL:
 *   `runningTtlMs` (default 30 s), refreshed by every write and by a heartbeat while the writer
 *   lives (a tool may run for minutes without a chunk), so the stream of a writer that crashed is
 *   gone within that TTL: its readers end, and its answer is known to be dead; `retainMs`
 *   (default 5 min) from `end()`.
 * - `<prefix>active:<conversationKey>`: the id of the conversation's running stream, with the
 *   same running TTL; deleted by `end()` only if it still names that stream.
 * - channel `<prefix>stop`: Stop requests; the message is the conversation key.
 * - channel `<prefix>written:<streamId>`: an empty message in the same transaction as each batch
 *   of chunks and as the end marker, so waiting readers read again at once. A reader subscribes
 *   before it reads the stream's latest entries, so it misses no write.
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
  redis.call('PUBLISH', ARGV[3], '')
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
  parseCommand(parser: CommandParser, streamKey: string, activeKey: string, streamId: string, retainMs: number, channel: string) {
    parser.pushKey(streamKey);
    parser.pushKey(activeKey);
    parser.push(streamId, String(retainMs), channel);
  },
  transformReply: (reply: unknown) => toNumber(reply, 'end-stream'),
});

const DEFAULT_PREFIX = 'rill:streams:';
const DEFAULT_RETAIN_MS = 5 * 60_000;
const DEFAULT_RUNNING_TTL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_IDLE_CHECK_MS = 5_000;
/** Chunks per XADD transaction, and entries per XRANGE page. */
const BATCH = 256;

/** Stream writes, reads and the active pointer: one shared connection that never blocks. */
function makeCommandClient(url: string, timeoutMs: number) {
  return commandClient(url, timeoutMs, { createStream: CREATE_SCRIPT, endStream: END_SCRIPT });
}
type CommandClient = ReturnType<typeof makeCommandClient>;

/** The one subscriber connection of a registry: Stop requests, and news of writes for all its readers. */
function makeSubscriberClient(
  url: string,
  timeoutMs: number,
  reconnectStrategy: (retries: number, cause: Error) => number | false | Error,
) {
  return createClient({
    url,
    socket: { connectTimeout: timeoutMs, reconnectStrategy },
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
  });
}
type SubscriberClient = ReturnType<typeof makeSubscriberClient>;

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

/** XRANGE entries ({id, message}) as plain strings, whatever the RESP version. */
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
 * Failures: `create`, `activeStream`, `readSerialised` and `requestStop` reject within about `timeoutMs`
 * (default 2 s) with a StreamRegistryUnavailableError naming REDIS_URL when Redis is unreachable;
 * the next call tries a fresh connection. `onStopRequested` rejects the same way if the first
 * SUBSCRIBE fails; once subscribed, the subscription reconnects (and resubscribes) by itself.
 * A reader whose Redis goes away mid-stream throws that error from its iterator.
 *
 * Connections: one for commands and one subscriber, however many readers there are. A waiting
 * reader is woken by its stream's PUBLISH on the subscriber, then reads what is new with XRANGE
 * on the command connection.
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
  /** TTL of a running stream and its active pointer, refreshed by each write and a heartbeat. Default 30 s. */
  runningTtlMs?: number;
  /** Connect and command timeout. Default 2 s. */
  timeoutMs?: number;
  /** How long a reader waits without news before it checks that the stream still exists. Default 5 s. */
  idleCheckMs?: number;
  /** Readers one stream may have at once on this instance; `readSerialised` beyond that rejects with a TooManyReadersError. Default 8. */
  maxReadersPerStream?: number;
}): StreamRegistry<Chunk> {
  const { url, prefix = DEFAULT_PREFIX } = options;
  const retainMs = positiveMs(options.retainMs ?? DEFAULT_RETAIN_MS, 'retainMs');
  const runningTtlMs = positiveMs(options.runningTtlMs ?? DEFAULT_RUNNING_TTL_MS, 'runningTtlMs');
  const timeoutMs = positiveMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const idleCheckMs = positiveMs(options.idleCheckMs ?? DEFAULT_IDLE_CHECK_MS, 'idleCheckMs');
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
  const writtenChannel = (streamId: string) => `${prefix}written:${streamId}`;

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

  // ---- the subscriber connection: Stop requests, and news of writes for every reader ----
  const stops = stopListeners();
  /** How to end each reader waiting for news, should the subscriber connection drop. */
  const waitingReaders = new Set<(error: StreamRegistryUnavailableError) => void>();
  /** UNSUBSCRIBEs lost with the connection, to send again once it is back. */
  const lostUnsubscribes = new Set<() => void>();
  let subscriber: Promise<SubscriberClient> | undefined;
  let stopSubscription: Promise<void> | undefined;

  const connectSubscriber = (): Promise<SubscriberClient> => {
    subscriber ??= (async () => {
      let connected = false;
      // The first connection fails fast; once connected, reconnect (and resubscribe) with backoff.
      const sub = makeSubscriberClient(url, timeoutMs, (retries, cause) =>
        connected && !closing.signal.aborted ? Math.min(100 * 2 ** retries, 5_000) : cause,
      );
      let reported = false;
      sub.on('error', (error: unknown) => {
        if (!connected || closing.signal.aborted) return;
        // Writes announced while it is down are not heard: its readers end now, with an error
        // (a browser reconnects), rather than fall silent until their idle check.
        const lost = unavailable('lost the connection that announces new chunks', error);
        for (const fail of [...waitingReaders]) fail(lost);
        if (reported) return;
        reported = true;
        console.error(
          `[streams] lost the Redis subscriber connection, for Stop requests and readers (${where}); reconnecting:`,
          error instanceof Error ? error.message : error,
        );
      });
      sub.on('ready', () => {
        if (reported) console.error(`[streams] the Redis subscriber connection is back (${where}).`);
        reported = false;
        for (const retry of [...lostUnsubscribes]) {
          lostUnsubscribes.delete(retry);
          retry();
        }
      });
      try {
        await withDeadline(sub.connect(), timeoutMs, () => new Error(`no connection within ${timeoutMs} ms`));
      } catch (error) {
        sub.destroy();
        throw unavailable('cannot open the subscriber connection', error);
      }
      connected = true;
      if (closing.signal.aborted) {
        sub.destroy();
        throw new Error('The stream registry is closed.');
      }
      return sub;
    })();
    const attempt = subscriber;
    // A failed attempt is forgotten, so the next call tries again.
    attempt.catch(() => {
      if (subscriber === attempt) subscriber = undefined;
    });
    return attempt;
  };

  /** Waits for a SUBSCRIBE to be answered: pub/sub commands have no timeout of their own. */
  const confirmed = (subscription: Promise<void>, what: string) =>
    withDeadline(subscription, timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`)).catch((error: unknown) => {
      throw unavailable(`cannot subscribe to ${what}`, error);
    });

  /**
   * Removes a reader's listener. node-redis keeps the listener when the connection drops while
   * the UNSUBSCRIBE is in flight, and resubscribes its channel on reconnecting: so it is sent again then.
   */
  const unsubscribe = (sub: SubscriberClient, channel: string, listener: () => void) => {
    if (!sub.isOpen) return;
    sub.unsubscribe(channel, listener).catch(() => {
      lostUnsubscribes.add(() => unsubscribe(sub, channel, listener));
    });
  };

  const subscribeToStops = (): Promise<void> => {
    stopSubscription ??= (async () => {
      const sub = await connectSubscriber();
      await confirmed(sub.subscribe(stopChannel, stops.deliver), 'Stop requests');
    })();
    const attempt = stopSubscription;
    attempt.catch(() => {
      if (stopSubscription === attempt) stopSubscription = undefined;
    });
    return attempt;
  };

  // ---- writers ----
  const pendingFlushes = new Set<Promise<void>>();

  // ---- readers ----
  async function* tail(streamId: string, from: number, signal: AbortSignal): AsyncGenerator<string[], void, undefined> {
    const key = streamKey(streamId);
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
    /** The next page of entries after the last one read, on the shared command connection. */
    const nextPage = async () => {
      const start = lastId === undefined ? '-' : `(${lastId}`;
      return toEntries(await run('a stream read', (c) => c.xRange(key, start, '+', { COUNT: BATCH })));
    };

    // What was written so far, page by page: a finished stream needs no subscription.
    for (;;) {
      if (signal.aborted) return;
      const page = await nextPage();
      const { chunks, ended } = absorb(page);
      if (signal.aborted) return;
      if (chunks.length > 0) yield chunks;
      if (ended) return;
      if (page.length < BATCH) break;
    }
    // It expired between readSerialised's EXISTS and the XRANGE: nothing more will come.
    if (lastId === undefined) return;

    // Then the rest as it comes: each announcement of a write wakes this reader, which reads
    // again from where it stopped. A wake-up while it reads or yields is kept in `news`.
    const channel = writtenChannel(streamId);
    let news = false;
    let failure: StreamRegistryUnavailableError | undefined;
    let wake: (() => void) | undefined;
    const onWritten = () => {
      news = true;
      wake?.();
    };
    const fail = (error: StreamRegistryUnavailableError) => {
      failure ??= error;
      wake?.();
    };
    /** Resolves true after `idleCheckMs` without news, false as soon as something happens. */
    const quiet = () =>
      new Promise<boolean>((resolve) => {
        if (news || failure || signal.aborted) return resolve(false);
        const timer = setTimeout(() => {
          wake = undefined;
          resolve(true);
        }, idleCheckMs);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve(false);
        };
      });

    let unlisten: (() => void) | undefined;
    let detached = false;
    // Also run on abort, so a reader whose consumer never comes back for its last batch does not
    // keep its listener.
    const detach = () => {
      if (detached) return;
      detached = true;
      waitingReaders.delete(fail);
      signal.removeEventListener('abort', detach);
      wake?.();
      unlisten?.();
    };
    try {
      const sub = await connectSubscriber();
      if (signal.aborted) return;
      waitingReaders.add(fail);
      signal.addEventListener('abort', detach, { once: true });
      const subscription = sub.subscribe(channel, onWritten);
      // Not before the SUBSCRIBE is answered: node-redis would then unsubscribe the whole channel,
      // deafening another reader of the same stream that subscribed meanwhile.
      unlisten = () => void subscription.then(() => unsubscribe(sub, channel, onWritten), () => undefined);
      await confirmed(subscription, 'new chunks');
      for (;;) {
        if (signal.aborted) return;
        if (failure) throw failure;
        news = false;
        const page = await nextPage();
        const { chunks, ended } = absorb(page);
        if (signal.aborted) return;
        if (chunks.length > 0) yield chunks;
        if (ended) return;
        if (page.length === BATCH || !(await quiet())) continue;
        // Nothing for a while: give up only if the stream is gone (its writer died and it expired).
        if ((await run('a stream read', (c) => c.exists(key))) === 0) return;
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof StreamRegistryUnavailableError) throw error;
      throw unavailable('Redis did not complete a stream read', error);
    } finally {
      detach();
    }
  }

  return {
    async create(conversationKey, streamId) {
      checkOpen();
      const key = streamKey(streamId);
      const active = activeKey(conversationKey);
      const channel = writtenChannel(streamId);
      const created = await run('creating a stream', (c) => c.createStream(key, active, streamId, runningTtlMs));
      if (created !== 1) throw new Error(`A stream with id ${streamId} already exists.`);

      const queue: string[] = [];
      let flushing: Promise<void> | undefined;
      let failure: unknown;
      let ending: Promise<void> | undefined;
      const heartbeat = setInterval(() => {
        if (closing.signal.aborted) return clearInterval(heartbeat);
        void run('keeping a stream alive', (c) => c.multi().pExpire(key, runningTtlMs).pExpire(active, runningTtlMs).exec()).catch(() => undefined);
      }, runningTtlMs / 3);
      heartbeat.unref();

      const flush = async () => {
        try {
          while (queue.length > 0) {
            const batch = queue.splice(0, BATCH);
            await run('a stream write', (c) => {
              const multi = c.multi();
              for (const json of batch) multi.xAdd(key, '*', { c: json });
              multi.pExpire(key, runningTtlMs);
              multi.pExpire(active, runningTtlMs);
              multi.publish(channel, '');
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
          clearInterval(heartbeat);
          ending ??= (async () => {
            while (flushing) await flushing;
            let endError: unknown;
            try {
              await run('ending a stream', (c) => c.endStream(key, active, streamId, retainMs, channel));
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
      return abortableIterable([signal, closing.signal], (combined) => tail(streamId, from, combined), release);
    },

    async requestStop(conversationKey) {
      checkOpen();
      await run('a Stop request', (c) => c.publish(stopChannel, conversationKey));
    },

    async onStopRequested(onStop) {
      checkOpen();
      await subscribeToStops();
      return stops.add(onStop);
    },

    async close() {
      if (closing.signal.aborted) return;
      closing.abort(); // ends every reader
      stops.clear();
      lostUnsubscribes.clear();
      await Promise.allSettled([...pendingFlushes]);
      const sub = subscriber;
      subscriber = undefined;
      stopSubscription = undefined;
      await Promise.all([connection.close(), sub?.then((conn) => shutdownConnection(conn, timeoutMs), () => undefined)]);
    },
  };
}
