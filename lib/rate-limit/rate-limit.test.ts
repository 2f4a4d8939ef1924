import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUpTestRedis, connectTestRedis, redisProxy, silentRedis, TEST_REDIS_URL, type TestRedis } from '../testing/redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  RateLimitUnavailableError,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRule,
} from './index';

const REDIS_URL = TEST_REDIS_URL;
/** Every key this run writes lives under this prefix, so runs and parallel suites never share buckets. */
const RUN_PREFIX = `rill-test:ratelimit:${randomUUID()}:`;

type Harness = { limiter: RateLimiter; wait: (ms: number) => Promise<void> };

const allowed = (remaining: number): RateLimitDecision => ({ allowed: true, remaining });
const refused = (retryAfterSeconds: number): RateLimitDecision => ({ allowed: false, retryAfterSeconds });

/** The same behaviour, whichever store holds the buckets. */
function behaviouralSuite(makeHarness: () => Harness) {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness();
  });
  afterEach(async () => {
    await h.limiter.close();
  });

  it('allows up to capacity, then refuses with the time until one token is back', async () => {
    const rule: RateLimitRule = { name: 'basic', capacity: 3, refillPerSecond: 0.5 };
    expect(await h.limiter.take(rule, 'u1')).toEqual(allowed(2));
    expect(await h.limiter.take(rule, 'u1')).toEqual(allowed(1));
    expect(await h.limiter.take(rule, 'u1')).toEqual(allowed(0));
    expect(await h.limiter.take(rule, 'u1')).toEqual(refused(2));
    expect(await h.limiter.take(rule, 'u1')).toEqual(refused(2));
  });

  it('refills continuously over time, never above capacity', async () => {
    const rule: RateLimitRule = { name: 'refill', capacity: 5, refillPerSecond: 20 };
    for (let i = 0; i < 5; i++) expect((await h.limiter.take(rule, 'u1')).allowed).toBe(true);
    expect(await h.limiter.take(rule, 'u1')).toEqual(refused(1));
    await h.wait(75); // 1.5 tokens back
    expect(await h.limiter.take(rule, 'u1')).toEqual(allowed(0));
    expect(await h.limiter.take(rule, 'u1')).toEqual(refused(1));

    const small: RateLimitRule = { name: 'refill-cap', capacity: 2, refillPerSecond: 20 };
    expect(await h.limiter.take(small, 'u1', 2)).toEqual(allowed(0));
    await h.wait(200); // would be 4 tokens without the cap
    expect(await h.limiter.take(small, 'u1', 2)).toEqual(allowed(0));
    expect((await h.limiter.take(small, 'u1')).allowed).toBe(false);
  });

  it('takes several tokens at once, and nothing when there are not enough', async () => {
    const rule: RateLimitRule = { name: 'cost', capacity: 10, refillPerSecond: 0.5 };
    expect(await h.limiter.take(rule, 'u1', 4)).toEqual(allowed(6));
    expect(await h.limiter.take(rule, 'u1', 4)).toEqual(allowed(2));
    // 2 tokens short at 0.5 tokens/s.
    expect(await h.limiter.take(rule, 'u1', 4)).toEqual(refused(4));
    // The refusal took nothing: the 2 tokens are still there.
    expect(await h.limiter.take(rule, 'u1', 2)).toEqual(allowed(0));
  });

  it('never allows a cost above capacity, and says when the bucket will be full', async () => {
    const rule: RateLimitRule = { name: 'too-big', capacity: 5, refillPerSecond: 1 };
    expect(await h.limiter.take(rule, 'u1', 6)).toEqual(refused(1));
    expect(await h.limiter.take(rule, 'u1', 2)).toEqual(allowed(3));
    expect(await h.limiter.take(rule, 'u1', 6)).toEqual(refused(2));
    expect(await h.limiter.take(rule, 'u1', 3)).toEqual(allowed(0));
  });

  it('keeps keys and rule names independent', async () => {
    const a: RateLimitRule = { name: 'rule-a', capacity: 1, refillPerSecond: 0.01 };
    const b: RateLimitRule = { name: 'rule-b', capacity: 1, refillPerSecond: 0.01 };
    expect(await h.limiter.take(a, 'x')).toEqual(allowed(0));
    expect(await h.limiter.take(a, 'x')).toEqual(refused(100));
    expect(await h.limiter.take(a, 'y')).toEqual(allowed(0));
    expect(await h.limiter.take(b, 'x')).toEqual(allowed(0));
    expect((await h.limiter.take(b, 'x')).allowed).toBe(false);
  });

  it('rejects nonsense rules and costs', async () => {
    const rule: RateLimitRule = { name: 'valid', capacity: 1, refillPerSecond: 1 };
    await expect(h.limiter.take(rule, 'u1', 0)).rejects.toBeInstanceOf(RangeError);
    await expect(h.limiter.take(rule, 'u1', Number.NaN)).rejects.toBeInstanceOf(RangeError);
    await expect(h.limiter.take({ ...rule, capacity: 0 }, 'u1')).rejects.toBeInstanceOf(RangeError);
    await expect(h.limiter.take({ ...rule, refillPerSecond: -1 }, 'u1')).rejects.toBeInstanceOf(RangeError);
    await expect(h.limiter.take({ ...rule, name: '' }, 'u1')).rejects.toBeInstanceOf(RangeError);
  });

  it('refuses to work after close', async () => {
    await h.limiter.close();
    await expect(h.limiter.take({ name: 'closed', capacity: 1, refillPerSecond: 1 }, 'u1')).rejects.toThrow(/closed/);
  });
}

describe('memory rate limiter', () => {
  describe('behaviour (fake clock)', () => {
    behaviouralSuite(() => {
      let t = 1_700_000_000_000;
      return {
        limiter: createMemoryRateLimiter({ now: () => t }),
        wait: async (ms) => {
          t += ms;
        },
      };
    });
  });

  it('stays bounded at maxKeys by evicting the least recently used bucket', async () => {
    const t = 1_700_000_000_000;
    const limiter = createMemoryRateLimiter({ now: () => t, maxKeys: 100 });
    const rule: RateLimitRule = { name: 'ip', capacity: 1, refillPerSecond: 0.001 };
    for (let i = 0; i < 1_000; i++) await limiter.take(rule, `10.0.${Math.floor(i / 256)}.${i % 256}`);
    expect(limiter.size).toBe(100);
    // The newest buckets are still empty; the oldest was forgotten and starts full again.
    expect((await limiter.take(rule, `10.0.3.${999 % 256}`)).allowed).toBe(false);
    expect((await limiter.take(rule, '10.0.0.0')).allowed).toBe(true);
    expect(limiter.size).toBe(100);
  });

  it('drops full buckets before evicting ones still in use', async () => {
    let t = 1_700_000_000_000;
    const limiter = createMemoryRateLimiter({ now: () => t, maxKeys: 3 });
    const slow: RateLimitRule = { name: 'slow', capacity: 1, refillPerSecond: 0.001 };
    const fast: RateLimitRule = { name: 'fast', capacity: 1, refillPerSecond: 1_000 };
    await limiter.take(slow, 'a'); // least recently used, but far from full
    await limiter.take(fast, 'b');
    await limiter.take(fast, 'c');
    t += 2_000; // b and c are full again
    await limiter.take(fast, 'd');
    expect(limiter.size).toBe(2);
    expect((await limiter.take(slow, 'a')).allowed).toBe(false);
  });

  it('sweeps idle full buckets lazily', async () => {
    let t = 1_700_000_000_000;
    const limiter = createMemoryRateLimiter({ now: () => t });
    const rule: RateLimitRule = { name: 'user', capacity: 5, refillPerSecond: 1 };
    for (let i = 0; i < 50; i++) await limiter.take(rule, `user-${i}`);
    expect(limiter.size).toBe(50);
    t += 61_000;
    await limiter.take(rule, 'someone-new');
    expect(limiter.size).toBe(1);
  });
});

describe('redis rate limiter', () => {
  let admin: TestRedis;

  beforeAll(async () => {
    admin = await connectTestRedis('Redis rate-limiter');
  });

  afterAll(() => cleanUpTestRedis(admin, RUN_PREFIX));

  let run = 0;
  const uniquePrefix = () => `${RUN_PREFIX}${++run}:`;

  describe('behaviour (real Redis, server clock)', () => {
    behaviouralSuite(() => ({
      limiter: createRedisRateLimiter({ url: REDIS_URL, prefix: uniquePrefix() }),
      wait: (ms) => sleep(ms),
    }));
  });

  it('never over-grants under concurrency: 50 parallel takes at capacity 10 allow exactly 10', async () => {
    const prefix = uniquePrefix();
    // Two instances sharing one Redis, as two app servers would.
    const limiters = [createRedisRateLimiter({ url: REDIS_URL, prefix }), createRedisRateLimiter({ url: REDIS_URL, prefix })];
    try {
      const rule: RateLimitRule = { name: 'burst', capacity: 10, refillPerSecond: 0.001 };
      const decisions = await Promise.all(
        Array.from({ length: 50 }, (_, i) => limiters[i % 2]!.take(rule, 'same-user')),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      expect(decisions.filter((d) => d.allowed).map((d) => (d.allowed ? d.remaining : -1)).sort((x, y) => x - y)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    } finally {
      await Promise.all(limiters.map((l) => l.close()));
    }
  });

  it('gives each bucket a TTL of about its full-refill time', async () => {
    const prefix = uniquePrefix();
    const limiter = createRedisRateLimiter({ url: REDIS_URL, prefix });
    try {
      await limiter.take({ name: 'ttl', capacity: 4, refillPerSecond: 2 }, 'u1', 2); // 1 s until full
      const ttl = await admin.pTTL(`${prefix}ttl:u1`);
      expect(ttl).toBeGreaterThan(1_500);
      expect(ttl).toBeLessThanOrEqual(2_000);
      // A refusal writes nothing, so it creates no key.
      await limiter.take({ name: 'ttl', capacity: 4, refillPerSecond: 2 }, 'u2', 5);
      expect(await admin.exists(`${prefix}ttl:u2`)).toBe(0);
    } finally {
      await limiter.close();
    }
  });

  it('rejects quickly, naming REDIS_URL but not its password, when Redis is unreachable', async () => {
    const limiter = createRedisRateLimiter({ url: 'redis://rill:s3cret@127.0.0.1:1' });
    const error = await limiter.take({ name: 'down', capacity: 1, refillPerSecond: 1 }, 'u1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RateLimitUnavailableError);
    expect((error as Error).message).toMatch(/REDIS_URL/);
    expect((error as Error).message).not.toMatch(/s3cret/);
    await limiter.close();
  });

  it('does not hang on a server that accepts connections but never answers', async () => {
    const silent = await silentRedis();
    const limiter = createRedisRateLimiter({ url: silent.url, timeoutMs: 200 });
    try {
      await expect(limiter.take({ name: 'silent', capacity: 1, refillPerSecond: 1 }, 'u1')).rejects.toThrow(/REDIS_URL/);
    } finally {
      await limiter.close();
      await silent.close();
    }
  });

  it('recovers once Redis is reachable again', async () => {
    const proxy = await redisProxy();
    const limiter = createRedisRateLimiter({ url: proxy.url, prefix: uniquePrefix(), timeoutMs: 500 });
    const rule: RateLimitRule = { name: 'recover', capacity: 10, refillPerSecond: 0.001 };
    try {
      expect(await limiter.take(rule, 'u1')).toEqual(allowed(9));
      await proxy.cut();
      await expect(limiter.take(rule, 'u1')).rejects.toThrow(/REDIS_URL/);
      await proxy.restore();
      expect(await limiter.take(rule, 'u1')).toEqual(allowed(8));
    } finally {
      await limiter.close();
      await proxy.cut();
    }
  });

  it('refuses a URL that is not redis:// or rediss://, naming REDIS_URL', () => {
    expect(() => createRedisRateLimiter({ url: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
    expect(() => createRedisRateLimiter({ url: 'not a url' })).toThrow(/REDIS_URL/);
  });
});
