import { retryAfterFromMs, validateTake, type RateLimiter } from './types';

/** Tolerance for float noise when comparing token counts (e.g. 0.9999999999 tokens after a refill). */
const EPSILON = 1e-9;
/** How often, on the limiter's clock, a take also drops every bucket that has refilled to full. */
const SWEEP_INTERVAL_MS = 60_000;
/** At the key cap, sweep full buckets at most this often before evicting the least recently used. */
const FULL_SWEEP_MIN_INTERVAL_MS = 1_000;

type Bucket = { tokens: number; updatedAt: number; fullAt: number };

export interface MemoryRateLimiter extends RateLimiter {
  /** Buckets currently held (full buckets are dropped, so this is at most `maxKeys`). */
  readonly size: number;
}

/**
 * A per-process token-bucket limiter. A bucket that has refilled to full is the same as no
 * bucket, so full buckets are swept lazily and the map never holds more than `maxKeys` buckets:
 * past that the least recently used one is evicted (Map order is kept as recency order).
 */
export function createMemoryRateLimiter(options: { now?: () => number; maxKeys?: number } = {}): MemoryRateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer.');

  const buckets = new Map<string, Bucket>();
  let lastSweep = now();
  let lastFullSweep = Number.NEGATIVE_INFINITY;
  let closed = false;

  const sweep = (at: number) => {
    for (const [id, bucket] of buckets) if (bucket.fullAt <= at) buckets.delete(id);
  };

  return {
    get size() {
      return buckets.size;
    },

    async take(rule, key, cost = 1) {
      if (closed) throw new Error('The rate limiter is closed.');
      validateTake(rule, key, cost);
      const at = now();
      if (at - lastSweep >= SWEEP_INTERVAL_MS) {
        lastSweep = at;
        sweep(at);
      }

      const id = `${rule.name}:${key}`;
      const bucket = buckets.get(id);
      let tokens = rule.capacity;
      let updatedAt = at;
      if (bucket) {
        // A clock that steps back refills nothing until it catches up again.
        updatedAt = Math.max(bucket.updatedAt, at);
        const elapsedMs = updatedAt - bucket.updatedAt;
        tokens = Math.min(rule.capacity, bucket.tokens + (elapsedMs / 1000) * rule.refillPerSecond);
      }

      if (cost > rule.capacity || cost > tokens + EPSILON) {
        const missing = (cost > rule.capacity ? rule.capacity : cost) - tokens;
        return { allowed: false, retryAfterSeconds: retryAfterFromMs((missing / rule.refillPerSecond) * 1000) };
      }

      tokens = Math.max(0, tokens - cost);
      const next: Bucket = {
        tokens,
        updatedAt,
        fullAt: updatedAt + ((rule.capacity - tokens) / rule.refillPerSecond) * 1000,
      };
      if (bucket) {
        buckets.delete(id); // re-insert to mark it most recently used
      } else if (buckets.size >= maxKeys) {
        if (at - lastFullSweep >= FULL_SWEEP_MIN_INTERVAL_MS) {
          lastFullSweep = at;
          sweep(at);
        }
        for (const oldest of buckets.keys()) {
          if (buckets.size < maxKeys) break;
          buckets.delete(oldest);
        }
      }
      buckets.set(id, next);
      return { allowed: true, remaining: Math.floor(tokens + EPSILON) };
    },

    async close() {
      closed = true;
      buckets.clear();
    },
  };
}
