import { readerSlots } from './readers';
import { checkFrom, serialiseChunk, stopListeners } from './shared';
import type { StreamRegistry, StreamWriter } from './types';

type MemoryStream = {
  conversationKey: string;
  /** Chunks as JSON, so each reader gets its own copy (and memory behaves like Redis). */
  chunks: string[];
  done: boolean;
  /** Readers waiting for the next chunk or the end; each removes itself when woken. */
  waiters: Set<() => void>;
  expiry?: ReturnType<typeof setTimeout>;
};

const DEFAULT_RETAIN_MS = 5 * 60_000;

/**
 * Streams kept in this process only: a reconnect must reach the same instance, and Stop only
 * reaches generations running here. Finished streams stay readable for `retainMs` (default
 * 5 min) after `end()`. A stream whose writer never calls `end()` stays until `close()`.
 * A stream has at most `maxReadersPerStream` (default 8) readers at once; `readSerialised`
 * beyond that throws a TooManyReadersError.
 */
export function createMemoryStreamRegistry<Chunk = unknown>(
  options: { retainMs?: number; maxReadersPerStream?: number } = {},
): StreamRegistry<Chunk> {
  const retainMs = options.retainMs ?? DEFAULT_RETAIN_MS;
  const slots = readerSlots(options.maxReadersPerStream);
  const streams = new Map<string, MemoryStream>();
  const active = new Map<string, string>();
  const stops = stopListeners();
  const closing = new AbortController();

  // Each waiter removes itself as it wakes, which a Set's iteration allows.
  const wake = (stream: MemoryStream) => {
    for (const waiter of stream.waiters) waiter();
  };
  const checkOpen = () => {
    if (closing.signal.aborted) throw new Error('The stream registry is closed.');
  };

  return {
    async create(conversationKey, streamId) {
      checkOpen();
      if (streams.has(streamId)) throw new Error(`A stream with id ${streamId} already exists.`);
      const stream: MemoryStream = { conversationKey, chunks: [], done: false, waiters: new Set() };
      streams.set(streamId, stream);
      active.set(conversationKey, streamId);

      let ended = false;
      const writer: StreamWriter<Chunk> = {
        write(chunk) {
          const json = serialiseChunk(chunk); // a chunk that is not JSON is a bug: TypeError, always
          // After end() (or close()) there is nobody to write for: the chunk is dropped.
          if (stream.done) return;
          stream.chunks.push(json);
          wake(stream);
        },
        async end() {
          if (ended) return;
          ended = true;
          stream.done = true;
          wake(stream);
          if (active.get(conversationKey) === streamId) active.delete(conversationKey);
          if (closing.signal.aborted) return;
          stream.expiry = setTimeout(() => {
            if (streams.get(streamId) === stream) streams.delete(streamId);
          }, retainMs);
          stream.expiry.unref?.();
        },
      };
      return writer;
    },

    async activeStream(conversationKey) {
      checkOpen();
      return active.get(conversationKey);
    },

    async readSerialised(streamId, from, signal) {
      checkOpen();
      checkFrom(from);
      const stream = streams.get(streamId);
      if (!stream) return undefined;
      const release = slots.take(streamId);
      return memoryReader(stream, from, signal ? [signal, closing.signal] : [closing.signal], release);
    },

    async requestStop(conversationKey) {
      checkOpen();
      stops.deliver(conversationKey);
    },

    async onStopRequested(onStop) {
      checkOpen();
      return stops.add(onStop);
    },

    async close() {
      if (closing.signal.aborted) return;
      closing.abort(); // ends every reader
      for (const stream of streams.values()) {
        stream.done = true;
        clearTimeout(stream.expiry);
      }
      streams.clear();
      active.clear();
      stops.clear();
    },
  };
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One reader of a memory stream: the chunks from `from`, in batches of all there are to read,
 * then each as it is written. A plain iterator rather than async generators: a chunk that
 * arrives while the reader waits resolves its one pending promise, and that is all it costs.
 * It ends (without throwing) when the stream ends, any of `signals` aborts, or its consumer
 * calls `return()`; `release` runs once, as soon as it is over.
 */
function memoryReader(stream: MemoryStream, from: number, signals: readonly AbortSignal[], release: () => void): AsyncIterable<string[]> {
  let next = from;
  let over = false;
  let pending: ((result: IteratorResult<string[], undefined>) => void) | undefined;

  const take = (): IteratorResult<string[], undefined> => {
    if (!over && next < stream.chunks.length) {
      const batch = stream.chunks.slice(next);
      next += batch.length;
      return { value: batch, done: false };
    }
    end();
    return DONE;
  };
  const wake = () => {
    const resolve = pending;
    if (!resolve || (next >= stream.chunks.length && !stream.done)) return;
    pending = undefined;
    stream.waiters.delete(wake);
    resolve(take());
  };
  const end = () => {
    if (over) return;
    over = true;
    for (const signal of signals) signal.removeEventListener('abort', end);
    stream.waiters.delete(wake);
    release();
    const resolve = pending;
    pending = undefined;
    resolve?.(DONE);
  };
  for (const signal of signals) {
    if (signal.aborted) end();
    else signal.addEventListener('abort', end, { once: true });
  }

  const iterator: AsyncIterator<string[], undefined> = {
    next() {
      if (over || next < stream.chunks.length || stream.done) return Promise.resolve(take());
      return new Promise((resolve) => {
        pending = resolve;
        stream.waiters.add(wake);
      });
    },
    async return() {
      end();
      return DONE;
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
