import 'server-only';
import { GroupCommit } from '../async/group-commit';
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

export type AnswerSaveQueue = GroupCommit<AnswerSave>;

const logSaveError = (error: unknown) => console.error('Rill could not save an answer:', error instanceof Error ? error.message : error);

/**
 * Answer saves as a group commit (one statement for the saves of every open answer): only an
 * answer's latest state matters, so a newer save replaces the one still waiting, except that
 * a checkpoint never replaces the final save.
 */
export function answerSaveQueue(backend: AnswerSaveBackend, maxBatch = 25, onError: (error: unknown) => void = logSaveError): AnswerSaveQueue {
  return new GroupCommit<AnswerSave>({
    keyOf: (save) => save.message.id,
    merge: (waiting, newer) => (waiting.phase === 'ended' && newer.phase === 'streaming' ? waiting : newer),
    writeBatch: (saves) => backend.saveBatch(saves),
    writeOne: (save) => backend.saveOne(save),
    onError,
    maxBatch,
  });
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
      if (current && !this.ended) await this.saves.add({ ...this.target, message: current, phase: 'streaming' });
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
    if (final) await this.saves.add({ ...this.target, message: final, phase: 'ended' });
  }
}
