import { defineScript, type CommandParser } from 'redis';
import { commandClient, sharedConnection } from '../redis/connection';
import { assertRedisUrl, describeRedisUrl } from '../redis/url';
import { RateLimitUnavailableError } from './types';

/**
 * Failed attempts that make the next attempt wait longer each time: the first `freeFailures`
 * cost nothing (typos), then each failure doubles the wait, from `baseDelayMs` up to
 * `maxDelayMs`. A key that stays quiet for `forgetAfterMs` after its wait starts afresh.
 */
export type BackoffPolicy = { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number };

export function backoffDelayMs(failures: number, policy: BackoffPolicy): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, failures - policy.freeFailures - 1));
}

export interface FailureLog {
  /** Milliseconds the key must still wait before its next attempt; 0 when it may try now. */
  waitMs(key: string): Promise<number>;
  /** Records a failed attempt and returns the wait it now imposes. */
  fail(key: string): Promise<number>;
  /** Forgets the key's failures (after a success). */
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

type Entry = { failures: number; until: number; forgetAt: number };

/** Per-process failures, at most `maxKeys` of them (the least recently failed go first). */
export function createMemoryFailureLog(policy: BackoffPolicy, options: { now?: () => number; maxKeys?: number } = {}): FailureLog {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const entries = new Map<string, Entry>();
  const live = (key: string, at: number) => {
    const entry = entries.get(key);
    if (entry && entry.forgetAt <= at) entries.delete(key);
    return entry && entry.forgetAt > at ? entry : undefined;
  };
  return {
    async waitMs(key) {
      const at = now();
      return Math.max(0, (live(key, at)?.until ?? at) - at);
    },
    async fail(key) {
      const at = now();
      const failures = (live(key, at)?.failures ?? 0) + 1;
      const delay = backoffDelayMs(failures, policy);
      entries.delete(key);
      for (const oldest of entries.keys()) {
        if (entries.size < maxKeys) break;
        entries.delete(oldest);
      }
      entries.set(key, { failures, until: at + delay, forgetAt: at + delay + policy.forgetAfterMs });
      return delay;
    },
    async clear(key) {
      entries.delete(key);
    },
    async close() {
      entries.clear();
    },
  };
}

/** Records a failure atomically on the Redis server's clock; replies with the wait it imposes. */
const FAIL_LUA = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local free, base, max, forget = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local delay = 0
if failures > free then delay = math.min(max, base * 2 ^ math.min(30, failures - free - 1)) end
redis.call('HSET', KEYS[1], 'until', string.format('%.0f', now + delay))
redis.call('PEXPIRE', KEYS[1], math.ceil(delay + forget))
return math.ceil(delay)
`;

const WAIT_LUA = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ends = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
return math.max(0, math.ceil(ends - now))
`;

const toMs = (reply: unknown) => {
  if (typeof reply !== 'number') throw new Error(`Unexpected reply from the failure script: ${JSON.stringify(reply)}`);
  return reply;
};

const FAIL_SCRIPT = defineScript({
  SCRIPT: FAIL_LUA,
  NUMBER_OF_KEYS: 1,
  parseCommand(parser: CommandParser, key: string, policy: BackoffPolicy) {
    parser.pushKey(key);
    parser.push(String(policy.freeFailures), String(policy.baseDelayMs), String(policy.maxDelayMs), String(policy.forgetAfterMs));
  },
  transformReply: toMs,
});

const WAIT_SCRIPT = defineScript({
  SCRIPT: WAIT_LUA,
  NUMBER_OF_KEYS: 1,
  parseCommand(parser: CommandParser, key: string) {
    parser.pushKey(key);
  },
  transformReply: toMs,
});

/** Failures shared by every instance through Redis; like the rate limiter, it fails closed. */
export function createRedisFailureLog(policy: BackoffPolicy, options: { url: string; prefix?: string; timeoutMs?: number }): FailureLog {
  const { url, prefix = 'rill:failures:', timeoutMs = 2_000 } = options;
  assertRedisUrl(url);
  const unavailable = (what: string, cause?: unknown) =>
    new RateLimitUnavailableError(
      `Sign-in limits are unavailable: ${what} (REDIS_URL=${describeRedisUrl(url)})` + (cause instanceof Error && cause.message ? `: ${cause.message}` : '.'),
      { cause },
    );
  const connection = sharedConnection(
    () => commandClient(url, timeoutMs, { recordFailure: FAIL_SCRIPT, failureWait: WAIT_SCRIPT }),
    { timeoutMs, closedError: () => new Error('The failure log is closed.'), unavailable },
  );
  return {
    waitMs: (key) => connection.run('the failure wait script', (c) => c.failureWait(`${prefix}${key}`)),
    fail: (key) => connection.run('the failure script', (c) => c.recordFailure(`${prefix}${key}`, policy)),
    clear: async (key) => {
      await connection.run('DEL', (c) => c.del(`${prefix}${key}`));
    },
    close: () => connection.close(),
  };
}
