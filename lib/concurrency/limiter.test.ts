import { describe, expect, it } from 'vitest';
import { CapacityError, ConcurrencyLimiter } from './limiter';

describe('ConcurrencyLimiter', () => {
  it('lets requests through up to the limit, then queues them in order', async () => {
    const limiter = new ConcurrencyLimiter(2, 1_000);
    const releaseA = await limiter.acquire();
    await limiter.acquire();
    const order: string[] = [];
    const c = limiter.acquire().then((release) => (order.push('c'), release));
    const d = limiter.acquire().then((release) => (order.push('d'), release));
    expect(limiter.waitingCount).toBe(2);
    releaseA();
    const releaseC = await c;
    releaseC();
    await d;
    expect(order).toEqual(['c', 'd']);
    expect(limiter.activeCount).toBe(2);
  });

  it('gives up on a queued request after the maximum wait', async () => {
    const limiter = new ConcurrencyLimiter(1, 20);
    await limiter.acquire();
    await expect(limiter.acquire()).rejects.toBeInstanceOf(CapacityError);
    expect(limiter.waitingCount).toBe(0);
  });

  it('refuses at once when the waiting line is full', async () => {
    const limiter = new ConcurrencyLimiter(1, 1_000, 1);
    await limiter.acquire();
    const queued = limiter.acquire();
    await expect(limiter.acquire()).rejects.toThrow(/waiting line is full/);
    queued.catch(() => undefined);
  });

  it('drops a queued request whose client went away', async () => {
    const limiter = new ConcurrencyLimiter(1, 1_000);
    await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(CapacityError);
    expect(limiter.waitingCount).toBe(0);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new ConcurrencyLimiter(1, 1_000);
    const release = await limiter.acquire();
    release();
    release();
    expect(limiter.activeCount).toBe(0);
  });
});

describe('ConcurrencyLimiter, weighted', () => {
  it('admits requests while their weights fit, in order, and a heavy one alone', async () => {
    const limiter = new ConcurrencyLimiter(10, 1_000);
    const releaseA = await limiter.acquire(undefined, 6);
    const order: string[] = [];
    const b = limiter.acquire(undefined, 6).then((release) => (order.push('b'), release));
    // Light enough to fit now, but it may not pass the heavier request waiting before it.
    const c = limiter.acquire(undefined, 1).then((release) => (order.push('c'), release));
    expect(limiter.waitingCount).toBe(2);
    releaseA();
    const [releaseB, releaseC] = await Promise.all([b, c]);
    expect(order).toEqual(['b', 'c']);
    expect(limiter.activeCount).toBe(7);
    releaseB();
    releaseC();
    const releaseHuge = await limiter.acquire(undefined, 50);
    expect(limiter.activeCount).toBe(50);
    releaseHuge();
    expect(limiter.activeCount).toBe(0);
  });

  it('lets lighter requests on when a heavy one at the head gives up', async () => {
    const limiter = new ConcurrencyLimiter(10, 1_000);
    await limiter.acquire(undefined, 8);
    const controller = new AbortController();
    const heavy = limiter.acquire(controller.signal, 5);
    const light = limiter.acquire(undefined, 2);
    controller.abort();
    await expect(heavy).rejects.toBeInstanceOf(CapacityError);
    await light;
    expect(limiter.activeCount).toBe(10);
  });
});
