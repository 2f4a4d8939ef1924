import 'server-only';
import { env } from '../env';
import type { RillError } from '../errors';
import { createMemoryFailureLog, createRedisFailureLog, type BackoffPolicy, type FailureLog } from './failures';
import { createMemoryRateLimiter } from './memory';
import { createRedisRateLimiter } from './redis';
import { RateLimitUnavailableError, retryAfterFromMs, type RateLimiter, type RateLimitRule } from './types';

const perMinute = (name: string, count: number): RateLimitRule => ({ name, capacity: count, refillPerSecond: count / 60 });
const perHour = (name: string, count: number): RateLimitRule => ({ name, capacity: count, refillPerSecond: count / 3600 });

/** The key of the deployment-wide buckets. */
export const EVERYONE = 'all';

/**
 * What each kind of request may spend: bursts up to the stated figure, refilled evenly. Per-IP
 * rules are keyed by lib/client-ip's bucket, which nothing a client writes can change.
 */
export const RULES = {
  messagesPerUser: perMinute('messages-per-user', env.RILL_RATE_LIMIT_PER_USER),
  requestsPerIp: perMinute('requests-per-ip', env.RILL_RATE_LIMIT_PER_IP),
  loginsPerIp: perMinute('logins-per-ip', env.RILL_LOGINS_PER_IP),
  loginsTotal: perMinute('logins-total', env.RILL_LOGINS_TOTAL),
  newIdentitiesPerIp: perHour('new-identities-per-ip', env.RILL_NEW_IDENTITIES_PER_IP),
  newIdentitiesTotal: perHour('new-identities-total', env.RILL_NEW_IDENTITIES_TOTAL),
  // The context gauge asks after each answer and on a change of model: a few a minute in use.
  contextCountsPerUser: perMinute('context-counts-per-user', 30),
};

/** Wrong passwords from one address: three are free, then 1 s, 2 s, 4 s… up to 15 minutes. */
const LOGIN_BACKOFF: BackoffPolicy = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

let limiter: RateLimiter | undefined;
let loginFailures: FailureLog | undefined;

/** The instance's limiter: shared through Redis with REDIS_URL, in memory otherwise. */
function getLimiter(): RateLimiter {
  limiter ??= env.REDIS_URL ? createRedisRateLimiter({ url: env.REDIS_URL }) : createMemoryRateLimiter();
  return limiter;
}

function getLoginFailures(): FailureLog {
  loginFailures ??= env.REDIS_URL ? createRedisFailureLog(LOGIN_BACKOFF, { url: env.REDIS_URL }) : createMemoryFailureLog(LOGIN_BACKOFF);
  return loginFailures;
}

type Refusal = RillError<'rate_limited' | 'rate_limit_unavailable'>;

const tooFast = (seconds: number, message = "You're sending requests too quickly."): Refusal => ({ type: 'rate_limited', message, retryAfterSeconds: seconds });

/** Every limit runs on a shared store that may be down: then nothing goes through (503). */
async function failClosed(check: () => Promise<Refusal | undefined>): Promise<Refusal | undefined> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof RateLimitUnavailableError)) throw error;
    console.error(error.message);
    return { type: 'rate_limit_unavailable', message: 'Rill cannot check its limits right now.', retryAfterSeconds: 5 };
  }
}

/**
 * Takes one token from every bucket the request draws on. Undefined when it may go ahead;
 * otherwise the refusal: `rate_limited` with its wait, or `rate_limit_unavailable` when the
 * shared store is down.
 */
export function enforceRateLimits(limits: ReadonlyArray<{ rule: RateLimitRule; key: string }>, message?: (seconds: number) => string): Promise<Refusal | undefined> {
  return failClosed(async () => {
    for (const { rule, key } of limits) {
      const decision = await getLimiter().take(rule, key);
      if (!decision.allowed) return tooFast(decision.retryAfterSeconds, message?.(decision.retryAfterSeconds));
    }
    return undefined;
  });
}

/**
 * The limits of whatever costs like a message (a turn, a summary, a copy of a chat and its files):
 * the caller's address, then their identity.
 */
export function enforceMessageLimits(caller: { client: string; ownerId: string }): Promise<Refusal | undefined> {
  return enforceRateLimits([
    { rule: RULES.requestsPerIp, key: caller.client },
    { rule: RULES.messagesPerUser, key: caller.ownerId },
  ]);
}

/** Whether this address may try a password now: its own rate, everyone's, and its wait after failures. */
export function checkLoginAttempt(clientBucket: string): Promise<Refusal | undefined> {
  return failClosed(async () => {
    const waitMs = await getLoginFailures().waitMs(clientBucket);
    if (waitMs > 0) {
      const seconds = retryAfterFromMs(waitMs);
      return tooFast(seconds, `Too many wrong passwords. Wait ${seconds} s before trying again.`);
    }
    return enforceRateLimits(
      [
        { rule: RULES.loginsPerIp, key: clientBucket },
        { rule: RULES.loginsTotal, key: EVERYONE },
      ],
      (seconds) => `Too many sign-in attempts. Try again in ${seconds} s.`,
    );
  });
}

/** Records a wrong password; returns how many seconds the address must now wait (0: none). */
export async function recordLoginFailure(clientBucket: string): Promise<number> {
  const waitMs = await getLoginFailures().fail(clientBucket);
  return waitMs > 0 ? retryAfterFromMs(waitMs) : 0;
}

export async function clearLoginFailures(clientBucket: string): Promise<void> {
  await getLoginFailures().clear(clientBucket);
}
