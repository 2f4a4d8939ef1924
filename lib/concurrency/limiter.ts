/** Thrown when no stream slot frees up in time, or the waiting line itself is full. */
export class CapacityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityError';
  }
}

type Waiter = { weight: number; grant: (release: () => void) => void; fail: (error: Error) => void };

/**
 * A counting semaphore with a bounded, first-come-first-served waiting line. Each request
 * holds its weight (one slot by default) for the life of its upstream stream, so an instance
 * never opens more than `capacity` streams to Anthropic (or, weighted by bytes, never holds
 * more than that many bytes of files); the rest wait briefly instead of earning 429s. A
 * request heavier than the whole capacity still runs, alone.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly capacity: number,
    private readonly maxWaitMs: number,
    private readonly maxWaiting = capacity * 4,
  ) {}

  /** The weight held now: the number of slots taken, when every request weighs one. */
  get activeCount(): number {
    return this.active;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Resolves to a release function that must be called exactly once when the stream ends. */
  acquire(signal?: AbortSignal, weight = 1): Promise<() => void> {
    // Nobody may jump the line: a request fits now only when no one waits before it.
    if (this.waiting.length === 0 && this.fits(weight)) {
      this.active += weight;
      return Promise.resolve(this.releaser(weight));
    }
    if (this.waiting.length >= this.maxWaiting || this.maxWaitMs === 0) {
      return Promise.reject(new CapacityError('Every stream slot is busy and the waiting line is full.'));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        weight,
        grant: (release) => {
          cleanup();
          resolve(release);
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new CapacityError(`No stream slot freed up within ${this.maxWaitMs} ms.`)),
        this.maxWaitMs,
      );
      const onAbort = () => waiter.fail(new CapacityError('The request was cancelled while waiting.'));
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) {
          this.waiting.splice(index, 1);
          // A heavy request that gave up at the head may have held back lighter ones behind it.
          if (index === 0) this.admitWaiting();
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private fits(weight: number): boolean {
    return this.active === 0 || this.active + weight <= this.capacity;
  }

  private admitWaiting(): void {
    for (let next = this.waiting[0]; next && this.fits(next.weight); next = this.waiting[0]) {
      this.waiting.shift();
      this.active += next.weight;
      next.grant(this.releaser(next.weight));
    }
  }

  private releaser(weight: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= weight;
      this.admitWaiting();
    };
  }
}
