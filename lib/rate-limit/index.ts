import 'server-only';

export type { RateLimitDecision, RateLimitRule, RateLimiter } from './types';
export { RateLimitUnavailableError } from './types';
export { createMemoryRateLimiter, type MemoryRateLimiter } from './memory';
export { createRedisRateLimiter } from './redis';
export { backoffDelayMs, createMemoryFailureLog, createRedisFailureLog, type BackoffPolicy, type FailureLog } from './failures';
export { checkLoginAttempt, clearLoginFailures, enforceMessageLimits, enforceRateLimits, EVERYONE, recordLoginFailure, RULES } from './policy';
