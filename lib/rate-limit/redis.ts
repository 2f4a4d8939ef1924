import { defineScript, type CommandParser } from 'redis';
import { commandClient, sharedConnection } from '../redis/connection';
import { assertRedisUrl, describeRedisUrl } from '../redis/url';
import { RateLimitUnavailableError, retryAfterFromMs, validateTake, type RateLimiter } from './types';

/**
 * Read, refill, take and write one bucket atomically. The clock is the Redis server's TIME, so
 * every app instance sharing the server agrees on it. A bucket is a hash {tokens, ts (ms)} whose
 * TTL is the time until it is full again: an expired bucket and a full bucket are the same thing.
 * A refusal writes nothing. Replies {allowed (0|1), whole tokens remaining, ms until retry}.
 */
const TAKE_LUA = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
elseif now > ts then
  tokens = math.min(capacity, tokens + (now - ts) / 1000 * rate)
  ts = now
else
  tokens = math.min(capacity, tokens)
end
if cost > capacity or cost > tokens + 1e-9 then
  local target = cost
  if cost > capacity then target = capacity end
  return {0, 0, math.ceil(math.max(0, target - tokens) / rate * 1000)}
end
tokens = math.max(0, tokens - cost)
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%.17g', ts))
redis.call('PEXPIRE', KEYS[1], math.min(1e15, math.ceil((capacity - tokens) / rate * 1000) + 1000))
return {1, math.floor(tokens + 1e-9), 0}
`;

type TakeReply = { allowed: boolean; remaining: number; retryMs: number };

const TAKE_SCRIPT = defineScript({
  SCRIPT: TAKE_LUA,
  NUMBER_OF_KEYS: 1,
  parseCommand(parser: CommandParser, key: string, capacity: number, refillPerSecond: number, cost: number) {
    parser.pushKey(key);
    parser.push(String(capacity), String(refillPerSecond), String(cost));
  },
  transformReply(reply: unknown): TakeReply {
    if (!Array.isArray(reply) || reply.length !== 3 || !reply.every((n) => typeof n === 'number')) {
      throw new Error(`Unexpected reply from the rate-limit script: ${JSON.stringify(reply)}`);
    }
    const [allowed, remaining, retryMs] = reply as [number, number, number];
    return { allowed: allowed === 1, remaining, retryMs };
  },
});

/**
 * A token-bucket limiter shared by every instance through one Redis server. It fails closed: when
 * Redis cannot be reached or does not answer within `timeoutMs` (default 2 s), `take` rejects with
 * a RateLimitUnavailableError naming REDIS_URL, and the next take tries a fresh connection.
 */
export function createRedisRateLimiter(options: { url: string; prefix?: string; timeoutMs?: number }): RateLimiter {
  const { url, prefix = 'rill:ratelimit:', timeoutMs = 2_000 } = options;
  assertRedisUrl(url);
  const where = `REDIS_URL=${describeRedisUrl(url)}`;
  const unavailable = (what: string, cause?: unknown) =>
    new RateLimitUnavailableError(
      `Rate limiting is unavailable: ${what} (${where})` +
        (cause instanceof Error && cause.message ? `: ${cause.message}` : '.'),
      { cause },
    );

  const connection = sharedConnection(() => commandClient(url, timeoutMs, { takeTokens: TAKE_SCRIPT }), {
    timeoutMs,
    closedError: () => new Error('The rate limiter is closed.'),
    unavailable,
  });
  let closed = false;

  return {
    async take(rule, key, cost = 1) {
      if (closed) throw new Error('The rate limiter is closed.');
      validateTake(rule, key, cost);
      const reply: TakeReply = await connection.run('the rate-limit script', (c) =>
        c.takeTokens(`${prefix}${rule.name}:${key}`, rule.capacity, rule.refillPerSecond, cost),
      );
      return reply.allowed
        ? { allowed: true, remaining: reply.remaining }
        : { allowed: false, retryAfterSeconds: retryAfterFromMs(reply.retryMs) };
    },

    async close() {
      closed = true;
      await connection.close();
    },
  };
}
