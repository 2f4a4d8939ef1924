/** A read refused because the stream already has as many readers on this instance as allowed. */
export class TooManyReadersError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`This stream already has ${limit} readers on this instance.`);
    this.name = 'TooManyReadersError';
    this.limit = limit;
  }
}

/** The default of both registries, so a registry built without the setting is still capped. */
export const DEFAULT_MAX_READERS_PER_STREAM = 8;

/**
 * Each stream's readers on this instance, counted so that one client cannot hold an unbounded
 * number of them (each costs memory, a timer and Redis work for every chunk written).
 */
export function readerSlots(max: number = DEFAULT_MAX_READERS_PER_STREAM) {
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxReadersPerStream must be a whole number >= 1, not ${max}.`);
  const counts = new Map<string, number>();
  return {
    /**
     * Takes one of the stream's slots, or throws TooManyReadersError. Returns the slot's
     * release, which may be called more than once.
     */
    take(streamId: string): () => void {
      const taken = counts.get(streamId) ?? 0;
      if (taken >= max) throw new TooManyReadersError(max);
      counts.set(streamId, taken + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(streamId) ?? 1) - 1;
        // No entry for a stream nobody reads: the map stays as small as the set of streams being read.
        if (left === 0) counts.delete(streamId);
        else counts.set(streamId, left);
      };
    },
  };
}
