import 'server-only';

export type { RateLimitDecision, RateLimitRule, RateLimiter } from './types';
export { RateLimitUnavailableError } from './types';
export { createMemoryRateLimiter, type MemoryRateLimiter } from './memory';
export { createRedisRateLimiter } from './redis';
export { clientIp, enforceRateLimits, RULES } from './policy';
