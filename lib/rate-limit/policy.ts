import 'server-only';
import { env } from '../env';
import { errorResponse } from '../http/responses';
import { createMemoryRateLimiter } from './memory';
import { createRedisRateLimiter } from './redis';
import { RateLimitUnavailableError, type RateLimiter, type RateLimitRule } from './types';

const perMinute = (name: string, count: number): RateLimitRule => ({ name, capacity: count, refillPerSecond: count / 60 });

/** What each kind of request may spend: bursts up to the per-minute figure, refilled evenly. */
export const RULES = {
  messagesPerUser: perMinute('messages-per-user', env.RILL_RATE_LIMIT_PER_USER),
  requestsPerIp: perMinute('requests-per-ip', env.RILL_RATE_LIMIT_PER_IP),
  loginsPerIp: perMinute('logins-per-ip', 10),
};

let limiter: RateLimiter | undefined;

/** The instance's limiter: shared through Redis with REDIS_URL, in memory otherwise. */
function getLimiter(): RateLimiter {
  limiter ??= env.REDIS_URL ? createRedisRateLimiter({ url: env.REDIS_URL }) : createMemoryRateLimiter();
  return limiter;
}

/** The client's address as the nearest proxy saw it; requests without one share a bucket. */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || request.headers.get('x-real-ip') || 'unknown';
}

/**
 * Takes one token from every bucket the request draws on. Undefined when it may go ahead;
 * otherwise the response to send: 429 with Retry-After, or 503 when the shared store is down.
 */
export async function enforceRateLimits(limits: ReadonlyArray<{ rule: RateLimitRule; key: string }>): Promise<Response | undefined> {
  try {
    for (const { rule, key } of limits) {
      const decision = await getLimiter().take(rule, key);
      if (!decision.allowed) {
        const seconds = decision.retryAfterSeconds;
        return errorResponse(429, 'rate_limited', `You're sending requests too quickly. Try again in ${seconds} s.`, {
          'retry-after': String(seconds),
        });
      }
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof RateLimitUnavailableError)) throw error;
    console.error(error.message);
    return errorResponse(503, 'rate_limit_unavailable', 'Rill cannot check its limits right now. Try again in a moment.', { 'retry-after': '5' });
  }
}
