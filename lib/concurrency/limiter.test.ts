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
