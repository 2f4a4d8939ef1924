import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpTestRedis, connectTestRedis, TEST_REDIS_URL, type TestRedis } from '../testing/redis';
import { backoffDelayMs, createMemoryFailureLog, createRedisFailureLog, type BackoffPolicy } from './failures';

const policy: BackoffPolicy = { freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, forgetAfterMs: 60_000 };

describe('the wait after failed attempts', () => {
  it('is nothing for the first few, then doubles up to its ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((failures) => backoffDelayMs(failures, policy))).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('in memory, holds until it passes, and is forgotten after a quiet spell or a success', async () => {
    let now = 0;
    const log = createMemoryFailureLog(policy, { now: () => now });
    for (let i = 0; i < 3; i++) expect(await log.fail('a')).toBe(0);
    expect(await log.fail('a')).toBe(1_000);
    expect(await log.waitMs('a')).toBe(1_000);
    expect(await log.waitMs('b')).toBe(0);
    now += 1_000;
    expect(await log.waitMs('a')).toBe(0);
    expect(await log.fail('a')).toBe(2_000);
    now += 2_000 + 60_000;
    expect(await log.fail('a')).toBe(0);
    await log.clear('a');
    expect(await log.waitMs('a')).toBe(0);
  });
});

describe('the wait after failed attempts, shared through Redis', () => {
  const prefix = `rill-test:failures:${randomUUID()}:`;
  let admin: TestRedis;
  beforeAll(async () => {
    admin = await connectTestRedis('failure log');
  });
  afterAll(async () => {
    await cleanUpTestRedis(admin, prefix);
  });

  it('counts failures from every instance together', async () => {
    const one = createRedisFailureLog(policy, { url: TEST_REDIS_URL, prefix });
    const other = createRedisFailureLog(policy, { url: TEST_REDIS_URL, prefix });
    await one.fail('203.0.113.1');
    await other.fail('203.0.113.1');
    await one.fail('203.0.113.1');
    expect(await other.waitMs('203.0.113.1')).toBe(0);
    expect(await other.fail('203.0.113.1')).toBe(1_000);
    const wait = await one.waitMs('203.0.113.1');
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1_000);
    await one.clear('203.0.113.1');
    expect(await other.waitMs('203.0.113.1')).toBe(0);
    await Promise.all([one.close(), other.close()]);
  });
});
