/** Thrown when no stream slot frees up in time, or the waiting line itself is full. */
export class CapacityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityError';
  }
}

type Waiter = { grant: (release: () => void) => void; fail: (error: Error) => void };

/**
 * A counting semaphore with a bounded, first-come-first-served waiting line. Each request
 * holds one slot for the life of its upstream stream, so an instance never opens more than
 * `maxConcurrent` streams to Anthropic; the rest wait briefly instead of earning 429s.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxWaitMs: number,
    private readonly maxWaiting = maxConcurrent * 4,
  ) {}

  get activeCount(): number {
    return this.active;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Resolves to a release function that must be called exactly once when the stream ends. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting || this.maxWaitMs === 0) {
      return Promise.reject(new CapacityError('Every stream slot is busy and the waiting line is full.'));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
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
        if (index >= 0) this.waiting.splice(index, 1);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter so a newcomer cannot jump the line.
      if (next) next.grant(this.releaser());
      else this.active--;
    };
  }
}
