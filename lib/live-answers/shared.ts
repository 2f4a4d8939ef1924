/** Helpers shared by the memory and Redis registries. Internal: not re-exported by index.ts. */

/** Rejects a `from` that is not a whole number of chunks. */
export function checkFrom(from: number): void {
  if (!Number.isSafeInteger(from) || from < 0) {
    throw new RangeError(`A stream read must start at a chunk index (a whole number >= 0), not ${String(from)}.`);
  }
}

/**
 * Serialises a chunk the way it will be stored. Both registries keep JSON, so a chunk mutated
 * after `write` is not affected, each reader gets its own copy, and memory and Redis agree on
 * what survives (no `undefined` fields, Dates as strings...).
 */
export function serialiseChunk(chunk: unknown): string {
  const json = JSON.stringify(chunk);
  if (typeof json !== 'string') throw new TypeError('A stream chunk must be JSON-serialisable (got undefined or a function).');
  return json;
}

/**
 * Wraps a reader generator so that it ends promptly, without throwing, when any of `signals`
 * aborts (the caller's signal, the registry's close) or when the consumer calls `return()` —
 * even while the generator is waiting for the next chunk (a plain generator's `return()` would
 * only take effect once that wait ended).
 *
 * `release` runs once, as soon as the reader is over: the generator finished, the consumer
 * called `return()`, or a signal aborted, whether or not iteration had started. It frees the
 * reader's slot, so an abort must free it even for an iterable that was never iterated; until
 * then the iterable holds a listener on each signal.
 */
export function abortableIterable<T>(
  signals: ReadonlyArray<AbortSignal | undefined>,
  run: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>,
  release: () => void,
): AsyncIterable<T> {
  const controller = new AbortController();
  const sources = signals.filter((s): s is AbortSignal => s !== undefined);
  const end = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    for (const source of sources) source.removeEventListener('abort', end);
    release();
  };
  for (const source of sources) {
    if (source.aborted) {
      end();
      break;
    }
    source.addEventListener('abort', end, { once: true });
  }
  async function* guarded(): AsyncGenerator<T, void, undefined> {
    try {
      yield* run(controller.signal);
    } finally {
      end();
    }
  }
  const generator = guarded();
  const iterator: AsyncIterator<T, void, undefined> = {
    next: () => generator.next(),
    async return() {
      end();
      await generator.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

/**
 * A registry's Stop listeners. Each hears every Stop request; one that throws is logged and
 * keeps no other from hearing it.
 */
export function stopListeners() {
  const listeners = new Set<(conversationKey: string) => void>();
  return {
    /** Returns the unsubscribe. Wrapped, so the same function may be added twice and removed independently. */
    add(onStop: (conversationKey: string) => void): () => void {
      const listener = (conversationKey: string) => onStop(conversationKey);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    deliver(conversationKey: string): void {
      for (const listener of [...listeners]) {
        try {
          listener(conversationKey);
        } catch (error) {
          console.error('[streams] a stop listener failed:', error instanceof Error ? error.message : error);
        }
      }
    },
    clear(): void {
      listeners.clear();
    },
  };
}
