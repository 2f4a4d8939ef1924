import { createClient, defineScript, ErrorReply, type CommandParser } from 'redis';
import { assertRedisUrl, describeRedisUrl, withDeadline } from '../redis/url';
import {
  RateLimitUnavailableError,
  retryAfterFromMs,
  validateTake,
  type RateLimitDecision,
  type RateLimitRule,
  type RateLimiter,
} from './types';

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

function makeClient(url: string, timeoutMs: number) {
  return createClient({
    url,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
    // Fail at once while disconnected instead of queueing commands for a server that may not return.
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    scripts: { takeTokens: TAKE_SCRIPT },
  });
}
type Client = ReturnType<typeof makeClient>;


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

  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let closed = false;

  const discard = (c: Client) => {
    if (client === c) client = undefined;
    c.destroy();
  };

  const getClient = (): Promise<Client> => {
    if (client?.isReady) return Promise.resolve(client);
    if (connecting) return connecting;
    if (client) discard(client); // closed after an error: reconnect from scratch
    const fresh = makeClient(url, timeoutMs);
    // Failures reach callers through rejected commands; an 'error' event without a listener would crash the process.
    fresh.on('error', () => undefined);
    connecting = withDeadline(fresh.connect(), timeoutMs, () => new Error(`no connection within ${timeoutMs} ms`))
      .then(
        () => {
          if (closed) {
            fresh.destroy();
            throw new Error('The rate limiter is closed.');
          }
          client = fresh;
          return fresh;
        },
        (error: unknown) => {
          fresh.destroy();
          throw unavailable('cannot connect to Redis', error);
        },
      )
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  };

  return {
    async take(rule: RateLimitRule, key: string, cost = 1): Promise<RateLimitDecision> {
      if (closed) throw new Error('The rate limiter is closed.');
      validateTake(rule, key, cost);
      const c = await getClient();
      let reply: TakeReply;
      try {
        reply = await withDeadline(
          c.takeTokens(`${prefix}${rule.name}:${key}`, rule.capacity, rule.refillPerSecond, cost),
          timeoutMs + 100, // the client's own command timeout should fire first
          () => new Error(`no answer within ${timeoutMs} ms`),
        );
      } catch (error) {
        // A server error reply leaves the connection usable; anything else (timeout, dropped
        // socket) may leave it out of step, so the next take starts a fresh one.
        if (!(error instanceof ErrorReply)) discard(c);
        throw unavailable('Redis did not complete the rate-limit script', error);
      }
      return reply.allowed
        ? { allowed: true, remaining: reply.remaining }
        : { allowed: false, retryAfterSeconds: retryAfterFromMs(reply.retryMs) };
    },

    async close() {
      closed = true;
      const pending = connecting;
      if (pending) await pending.catch(() => undefined);
      const c = client;
      client = undefined;
      if (!c) return;
      if (c.isReady) {
        await withDeadline(c.close(), timeoutMs, () => new Error('close timed out')).catch(() => c.destroy());
      } else {
        c.destroy();
      }
    },
  };
}
