import 'server-only';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import type { RillUIMessage } from '../protocol/message-metadata';
import { recordUIMessage } from './message-recorder';

/** One save of an assistant answer: while it streams (a checkpoint), or once it has ended. */
export type AnswerSave = {
  ownerId: string;
  conversationId: string;
  /** The user's message it answers: a new answer is saved after it, on whichever branch that is. */
  parentId: string | null;
  message: RillUIMessage;
  phase: 'streaming' | 'ended';
};

export type AnswerSaveBackend = {
  /** Writes every save in one go; throws when the batch as a whole failed. */
  saveBatch(saves: readonly AnswerSave[]): Promise<unknown>;
  /** Writes one save on its own: how the saves of a failed batch are retried. */
  saveOne(save: AnswerSave): Promise<void>;
};

type Waiting = { save: AnswerSave; settle: Array<() => void> };

const logSaveError = (error: unknown) => console.error('Rill could not save an answer:', error instanceof Error ? error.message : error);

/**
 * Group commit of answer saves. At most one batch is being written at a time, and every save
 * that arrives meanwhile goes into the next batch: with hundreds of open answers the database
 * sees one statement where it saw hundreds, and no save ever waits for a timer. Saves of one
 * answer are written in the order given; while one waits, a newer one replaces it (only the
 * latest state matters), except that a checkpoint never replaces the final save.
 * A batch holds at most `maxBatch` saves, and the queue lets other work run between two: an
 * embedded database (PGlite) runs each statement on the one JavaScript thread, so a batch of
 * every open answer at once would stall every stream for as long as it takes.
 * A failed batch is retried save by save, so one bad row cannot lose the others.
 * `save` never rejects: a save that fails is logged, as nobody could act on it.
 */
export class AnswerSaveQueue {
  private readonly waiting = new Map<string, Waiting>();
  private writing = false;

  constructor(
    private readonly backend: AnswerSaveBackend,
    private readonly maxBatch = 25,
    private readonly onError: (error: unknown) => void = logSaveError,
  ) {}

  save(save: AnswerSave): Promise<void> {
    return new Promise((resolve) => {
      const queued = this.waiting.get(save.message.id);
      if (!queued) this.waiting.set(save.message.id, { save, settle: [resolve] });
      else {
        if (!(queued.save.phase === 'ended' && save.phase === 'streaming')) queued.save = save;
        queued.settle.push(resolve);
      }
      if (!this.writing) {
        this.writing = true;
        // After the current task, so that the saves started together (every checkpoint of a tick) form one batch.
        setImmediate(() => void this.writeAll());
      }
    });
  }

  private async writeAll(): Promise<void> {
    while (this.waiting.size > 0) {
      const batch: Waiting[] = [];
      for (const [id, waiting] of this.waiting) {
        if (batch.length === this.maxBatch) break;
        batch.push(waiting);
        this.waiting.delete(id);
      }
      try {
        await this.backend.saveBatch(batch.map((waiting) => waiting.save));
      } catch {
        for (const waiting of batch) await this.backend.saveOne(waiting.save).catch(this.onError);
      }
      for (const waiting of batch) for (const settle of waiting.settle) settle();
      if (this.waiting.size > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.writing = false;
  }
}

/** Something that checkpoints on the clock's tick. */
type Checkpointed = { checkpoint(): Promise<void> };

/**
 * One timer for every open answer of the process, so that their checkpoints are taken in the
 * same tick and land in the same batch (one timer per answer would spread them over the
 * second, and the queue would write many small batches). It runs only while answers are open.
 */
export class CheckpointClock {
  private readonly open = new Set<Checkpointed>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly intervalMs: number) {}

  add(answer: Checkpointed): void {
    this.open.add(answer);
    this.timer ??= setInterval(() => {
      for (const each of this.open) void each.checkpoint();
    }, this.intervalMs);
  }

  delete(answer: Checkpointed): void {
    this.open.delete(answer);
    if (this.open.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/**
 * One streaming answer's record and saves: it sees every chunk the browser gets, is saved on
 * each tick of the clock when it has changed since (so a crash loses at most about a tick),
 * and once more, marked as it ended (complete, stopped or failed), by `finish`.
 */
export class RecordedAnswer {
  private readonly recorder = recordUIMessage();
  private changed = false;
  private checkpointing = false;
  private ended = false;

  constructor(
    private readonly target: Pick<AnswerSave, 'ownerId' | 'conversationId' | 'parentId'>,
    private readonly saves: AnswerSaveQueue,
    private readonly clock: CheckpointClock,
  ) {
    clock.add(this);
  }

  write(chunk: RillChunk): void {
    this.recorder.write(chunk);
    this.changed = true;
  }

  async checkpoint(): Promise<void> {
    if (this.ended || !this.changed || this.checkpointing) return;
    this.changed = false;
    this.checkpointing = true;
    try {
      const current = await this.recorder.current();
      // Once the answer has ended, its final save is on its way: a checkpoint after it would undo it.
      if (current && !this.ended) await this.saves.save({ ...this.target, message: current, phase: 'streaming' });
    } finally {
      this.checkpointing = false;
    }
  }

  /** Saves the answer as it ended; resolves once that is done (or has failed and been logged). */
  async finish(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.clock.delete(this);
    const final = await this.recorder.finish();
    if (final) await this.saves.save({ ...this.target, message: final, phase: 'ended' });
  }
}
