import { randomUUID } from 'node:crypto';
import { defineScript, type CommandParser } from 'redis';
import { commandClient, sharedConnection } from '../redis/connection';
import { assertRedisUrl, describeRedisUrl } from '../redis/url';

/**
 * Answers one identity may have generating at once. A slot is taken before a chat request
 * does anything and given back when its generation ends, which may be long after the HTTP
 * request: an answer runs on whoever is listening.
 */
export interface GenerationSlots {
  /** A slot's release function (calling it again does nothing), or undefined when all of the owner's slots are taken. */
  acquire(ownerId: string): Promise<(() => void) | undefined>;
  /** Stops renewing leases; slots still held lapse as a crashed instance's would. */
  close(): Promise<void>;
}

/** The shared store cannot be reached: callers answer 503 rather than let the request through. */
export class GenerationSlotsUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GenerationSlotsUnavailableError';
  }
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

/** Slots counted in this process: right for a single instance. */
export function createMemoryGenerationSlots(limit: number): GenerationSlots {
  const held = new Map<string, number>();
  return {
    async acquire(ownerId) {
      const count = held.get(ownerId) ?? 0;
      if (count >= limit) return undefined;
      held.set(ownerId, count + 1);
      return once(() => {
        const remaining = (held.get(ownerId) ?? 1) - 1;
        if (remaining === 0) held.delete(ownerId);
        else held.set(ownerId, remaining);
      });
    },
    async close() {},
  };
}

/**
 * A sorted set per owner: one member per running generation, scored with the time its lease
 * ends (the Redis server's clock, so instances agree). Expired members are dropped before
 * counting, so the slots of an instance that crashed come back within one lease.
 */
const ACQUIRE_LUA = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** A member already given back (its release raced this renewal) stays gone. */
const RENEW_LUA = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 1
`;

const ACQUIRE_SCRIPT = defineScript({
  SCRIPT: ACQUIRE_LUA,
  NUMBER_OF_KEYS: 1,
  parseCommand(parser: CommandParser, key: string, limit: number, leaseMs: number, member: string) {
    parser.pushKey(key);
    parser.push(String(limit), String(leaseMs), member);
  },
  transformReply: (reply: unknown) => reply === 1,
});

const RENEW_SCRIPT = defineScript({
  SCRIPT: RENEW_LUA,
  NUMBER_OF_KEYS: 1,
  parseCommand(parser: CommandParser, key: string, leaseMs: number, member: string) {
    parser.pushKey(key);
    parser.push(String(leaseMs), member);
  },
  transformReply: () => undefined,
});


/**
 * Slots shared by every instance through Redis. Each slot is a lease of `leaseMs` (default
 * 30 s), renewed a few times per lease while the generation runs, so that a generation of
 * any length keeps its slot and a crashed instance leaks none for longer than one lease.
 */
export function createRedisGenerationSlots(options: {
  url: string;
  limit: number;
  leaseMs?: number;
  prefix?: string;
  timeoutMs?: number;
}): GenerationSlots {
  const { url, limit, leaseMs = 30_000, prefix = 'rill:generations:', timeoutMs = 2_000 } = options;
  assertRedisUrl(url);
  const where = `REDIS_URL=${describeRedisUrl(url)}`;
  const connection = sharedConnection(() => commandClient(url, timeoutMs, { acquireSlot: ACQUIRE_SCRIPT, renewSlot: RENEW_SCRIPT }), {
    timeoutMs,
    closedError: () => new Error('The generation slots are closed.'),
    unavailable: (what, cause) =>
      new GenerationSlotsUnavailableError(
        `Generation limits are unavailable: ${what} (${where})` + (cause instanceof Error && cause.message ? `: ${cause.message}` : '.'),
        { cause },
      ),
  });
  const renewals = new Set<NodeJS.Timeout>();

  return {
    async acquire(ownerId) {
      const key = `${prefix}${ownerId}`;
      const member = randomUUID();
      const taken = await connection.run('taking a generation slot', (c) => c.acquireSlot(key, limit, leaseMs, member));
      if (!taken) return undefined;
      const renewal = setInterval(() => {
        // A failed renewal is retried at the next tick; the lease outlasts two of them.
        void connection.run('renewing a generation slot', (c) => c.renewSlot(key, leaseMs, member)).catch(() => undefined);
      }, leaseMs / 3);
      // The lease keeps nothing alive: a process may exit with generations running.
      renewal.unref();
      renewals.add(renewal);
      return once(() => {
        clearInterval(renewal);
        renewals.delete(renewal);
        connection.run('giving back a generation slot', (c) => c.zRem(key, member)).catch((error: unknown) => {
          console.error(`${error instanceof Error ? error.message : String(error)} (the slot lapses within ${leaseMs / 1000} s)`);
        });
      });
    },
    async close() {
      for (const renewal of renewals) clearInterval(renewal);
      renewals.clear();
      await connection.close();
    },
  };
}
