import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanUpTestRedis, connectTestRedis, TEST_REDIS_URL, type TestRedis } from '../testing/redis';
import { createMemoryGenerationSlots, createRedisGenerationSlots, GenerationSlotsUnavailableError, type GenerationSlots } from './generation-slots';

/** Every key this run writes lives under this prefix, so runs and parallel suites never share slots. */
const RUN_PREFIX = `rill-test:generations:${randomUUID()}:`;

const opened: GenerationSlots[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((slots) => slots.close()));
});

function behaviouralSuite(make: (limit: number) => GenerationSlots) {
  const open = (limit: number) => {
    const slots = make(limit);
    opened.push(slots);
    return slots;
  };

  it('gives each owner up to the limit at once, and another once one is released', async () => {
    const slots = open(3);
    const held = await Promise.all([1, 2, 3].map(() => slots.acquire('alice')));
    expect(held.every((release) => release !== undefined)).toBe(true);
    expect(await slots.acquire('alice')).toBeUndefined();
    expect(await slots.acquire('bob')).toBeDefined();

    held[0]!();
    await vi.waitFor(async () => expect(await slots.acquire('alice')).toBeDefined());
    expect(await slots.acquire('alice')).toBeUndefined();
  });

  it('frees a slot once however often it is released', async () => {
    const slots = open(2);
    const release = (await slots.acquire('carol'))!;
    await slots.acquire('carol');
    release();
    release();
    await vi.waitFor(async () => expect(await slots.acquire('carol')).toBeDefined());
    expect(await slots.acquire('carol')).toBeUndefined();
  });
}

describe('generation slots in memory', () => {
  behaviouralSuite((limit) => createMemoryGenerationSlots(limit));
});

describe('generation slots in Redis', () => {
  let admin: TestRedis | undefined;
  let run = 0;
  beforeAll(async () => {
    admin = await connectTestRedis('generation slot');
  });
  afterAll(async () => {
    await cleanUpTestRedis(admin, RUN_PREFIX);
  });

  const redisSlots = (limit: number, leaseMs?: number, prefix = `${RUN_PREFIX}${run++}:`) =>
    createRedisGenerationSlots({ url: TEST_REDIS_URL, limit, prefix, ...(leaseMs ? { leaseMs } : {}) });

  behaviouralSuite((limit) => redisSlots(limit));

  it('counts the slots of every instance together', async () => {
    const prefix = `${RUN_PREFIX}shared:`;
    const [a, b] = [redisSlots(2, undefined, prefix), redisSlots(2, undefined, prefix)];
    opened.push(a, b);
    expect(await a.acquire('dave')).toBeDefined();
    expect(await b.acquire('dave')).toBeDefined();
    expect(await a.acquire('dave')).toBeUndefined();
    expect(await b.acquire('dave')).toBeUndefined();
  });

  it('keeps a slot past its lease while it is held, and gets back the slots of an instance that crashed', async () => {
    const prefix = `${RUN_PREFIX}lease:`;
    const crashed = redisSlots(1, 300, prefix);
    const survivor = redisSlots(1, 300, prefix);
    opened.push(crashed, survivor);
    expect(await crashed.acquire('erin')).toBeDefined();
    await sleep(700);
    expect(await survivor.acquire('erin')).toBeUndefined();

    // An instance that stops renewing without giving its slots back: they lapse with their lease.
    await crashed.close();
    await vi.waitFor(async () => expect(await survivor.acquire('erin')).toBeDefined(), { timeout: 2_000, interval: 50 });
  });

  it('fails closed, naming REDIS_URL, when Redis cannot be reached', async () => {
    const unreachable = createRedisGenerationSlots({ url: 'redis://127.0.0.1:1', limit: 1, timeoutMs: 300 });
    opened.push(unreachable);
    const error = await unreachable.acquire('frank').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GenerationSlotsUnavailableError);
    expect((error as Error).message).toContain('REDIS_URL=redis://127.0.0.1:1');
  });
});
