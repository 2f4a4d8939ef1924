/** A bucket holds `capacity` tokens and refills continuously at `refillPerSecond` tokens a second. */
export type RateLimitRule = { name: string; capacity: number; refillPerSecond: number };

export type RateLimitDecision =
  | { allowed: true; /** Whole tokens left in the bucket after this take. */ remaining: number }
  | { allowed: false; /** Integer ≥ 1: seconds until enough tokens for this cost are back. */ retryAfterSeconds: number };

export interface RateLimiter {
  /**
   * Atomically takes `cost` (default 1) tokens from the bucket `rule.name:key`. When the bucket
   * holds fewer, takes nothing and says when to retry. A cost above the capacity is never allowed.
   */
  take(rule: RateLimitRule, key: string, cost?: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

/**
 * The shared store behind the limiter cannot be reached or did not answer in time. The limiter
 * is a safety net, so it fails closed: callers should answer 503, not let the request through.
 */
export class RateLimitUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RateLimitUnavailableError';
  }
}

export function validateTake(rule: RateLimitRule, key: string, cost: number): void {
  if (typeof rule.name !== 'string' || rule.name === '') throw new RangeError('A rate-limit rule needs a name.');
  if (!Number.isFinite(rule.capacity) || rule.capacity <= 0) {
    throw new RangeError(`Rate-limit rule "${rule.name}": capacity must be a positive number.`);
  }
  if (!Number.isFinite(rule.refillPerSecond) || rule.refillPerSecond <= 0) {
    throw new RangeError(`Rate-limit rule "${rule.name}": refillPerSecond must be a positive number.`);
  }
  if (typeof key !== 'string') throw new TypeError('A rate-limit key must be a string.');
  if (!Number.isFinite(cost) || cost <= 0) throw new RangeError('A rate-limit cost must be a positive number.');
}

/** Rounds a wait up to whole seconds, at least 1 (tolerating float noise such as 2.0000000001). */
export function retryAfterFromMs(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000 - 1e-9));
}
