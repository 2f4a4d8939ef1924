import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { UpstreamStream } from '../anthropic/upstream-stream';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import type { Budgets } from './budgets';
import { StepMeter, type StepSpend } from './meter';

type OpenStep = (messages: MessageParam[], signal: AbortSignal) => Promise<UpstreamStream>;

export type AnswerSpend = {
  /**
   * Wraps the function that opens each upstream step of the answer (the first, each tool
   * round trip, continuation and retry): no step opens once a budget is used up, and each
   * step's usage is recorded when its stream ends, however it ends.
   */
  guard(openStep: OpenStep): OpenStep;
  /** The budget left once every step is recorded, as a transient chunk for the footer; none when no budget is set. */
  closingChunks(): Promise<RillChunk[]>;
};

export function createAnswerSpend(budgets: Budgets, ownerId: string, model: string): AnswerSpend {
  // Each check waits for the previous steps' records: a step must see what the last one cost.
  let recorded: Promise<void> = Promise.resolve();
  const record = (spend: StepSpend) => {
    recorded = recorded.then(() => budgets.record(ownerId, model, spend));
  };

  return {
    guard(openStep) {
      return async (messages, signal) => {
        if (budgets.enabled) {
          await recorded;
          await budgets.check(ownerId);
        }
        return metered(await openStep(messages, signal), record);
      };
    },
    async closingChunks() {
      if (!budgets.enabled) return [];
      await recorded;
      const left = await budgets.left(ownerId).catch(() => undefined);
      return left ? [{ type: 'data-budget', data: left, transient: true }] : [];
    },
  };
}

/** The stream, each event counted as it passes (no generator of its own: a promise hop per batch is enough). */
function metered(stream: UpstreamStream, onEnd: (spend: StepSpend) => void): UpstreamStream {
  return {
    controller: stream.controller,
    [Symbol.asyncIterator]() {
      const meter = new StepMeter();
      const batches = stream[Symbol.asyncIterator]();
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        onEnd(meter.spend);
      };
      return {
        next: () =>
          batches.next().then(
            (result) => {
              if (result.done) end();
              else for (const event of result.value) meter.push(event);
              return result;
            },
            (error: unknown) => {
              end();
              throw error;
            },
          ),
        async return() {
          try {
            await batches.return?.();
          } finally {
            end();
          }
          return { done: true, value: undefined };
        },
      };
    },
  };
}
