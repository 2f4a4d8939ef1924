/** How a group commit writes what it is given. */
export type GroupCommitOptions<T> = {
  /** Items of one key are one row: a newer one is merged into the one still waiting. */
  keyOf(item: T): string;
  /** What a waiting item and a newer one of the same key become, written once. */
  merge(waiting: T, newer: T): T;
  /** Writes a batch in one go; throws when the batch as a whole failed. */
  writeBatch(items: readonly T[]): Promise<unknown>;
  /** Writes one item on its own: how the items of a failed batch are retried. */
  writeOne(item: T): Promise<unknown>;
  /** Called with each item's failure: nobody waiting on `add` could act on it. */
  onError(error: unknown): void;
  /** The most items a batch holds (25 by default). */
  maxBatch?: number;
};

type Waiting<T> = { item: T; settle: Array<() => void> };

/**
 * Group commit. At most one batch is being written at a time, and every item that arrives
 * meanwhile goes into the next batch: with hundreds of open answers the database sees one
 * statement where it saw hundreds, and no item ever waits for a timer. While an item waits, a
 * newer one of its key is merged into it. A batch holds at most `maxBatch` items, and other work
 * runs between two: an embedded database (PGlite) has one thread, and a batch of everything at
 * once would hold up every other statement for as long as it takes. A failed batch is retried
 * item by item, so one bad row cannot lose the others. `add` resolves once its item is written
 * (or has failed and been reported); it never rejects.
 */
export class GroupCommit<T> {
  private readonly waiting = new Map<string, Waiting<T>>();
  private writing = false;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  add(item: T): Promise<void> {
    return new Promise((resolve) => {
      const key = this.options.keyOf(item);
      const queued = this.waiting.get(key);
      if (!queued) this.waiting.set(key, { item, settle: [resolve] });
      else {
        queued.item = this.options.merge(queued.item, item);
        queued.settle.push(resolve);
      }
      if (!this.writing) {
        this.writing = true;
        // After the current task, so that the items added together (every checkpoint of a tick) form one batch.
        setImmediate(() => void this.writeAll());
      }
    });
  }

  private async writeAll(): Promise<void> {
    const { writeBatch, writeOne, onError, maxBatch = 25 } = this.options;
    while (this.waiting.size > 0) {
      const batch: Waiting<T>[] = [];
      for (const [key, waiting] of this.waiting) {
        if (batch.length === maxBatch) break;
        batch.push(waiting);
        this.waiting.delete(key);
      }
      try {
        await writeBatch(batch.map((waiting) => waiting.item));
      } catch {
        for (const waiting of batch) await writeOne(waiting.item).catch(onError);
      }
      for (const waiting of batch) for (const settle of waiting.settle) settle();
      if (this.waiting.size > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.writing = false;
  }
}
