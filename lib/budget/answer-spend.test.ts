import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { createAnswerSpend } from './answer-spend';
import { BudgetExceededError, type Budgets } from './budgets';
import type { StepSpend } from './meter';

type Event = RawMessageStreamEvent;
const start = (input: number): Event => ({ type: 'message_start', message: { id: 'm', usage: { input_tokens: input, output_tokens: 1 } } }) as unknown as Event;
const text = (delta: string): Event => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: delta } }) as unknown as Event;
const end = (output: number, webSearches?: number): Event =>
  ({
    type: 'message_delta',
    delta: { stop_reason: 'end_turn' },
    usage: { output_tokens: output, ...(webSearches === undefined ? {} : { server_tool_use: { web_search_requests: webSearches, web_fetch_requests: 0 } }) },
  }) as unknown as Event;

function upstream(events: Event[], failWith?: Error) {
  return {
    controller: new AbortController(),
    async *[Symbol.asyncIterator]() {
      for (const event of events) yield [event];
      if (failWith) throw failWith;
    },
  };
}

/** Budgets that keep records in memory; `spent` says whether the next check refuses. */
function fakeBudgets() {
  const records: Array<{ ownerId: string; model: string; spend: StepSpend }> = [];
  const state = { spent: false, recordDelayMs: 0 };
  const budgets: Budgets = {
    enabled: true,
    async record(ownerId, model, spend) {
      await new Promise((resolve) => setTimeout(resolve, state.recordDelayMs));
      records.push({ ownerId, model, spend });
    },
    async left() {
      return { scope: 'identity', limitUsd: 1, leftUsd: state.spent ? 0 : 1 - records.length / 10 };
    },
    async check() {
      if (state.spent) throw new BudgetExceededError({ scope: 'identity', limitUsd: 1, leftUsd: 0 }, 60, 'You have used your budget.');
    },
  };
  return { budgets, records, state };
}

async function drain(stream: AsyncIterable<Event[]>) {
  for await (const events of stream) void events;
}

describe('the spend of one answer', () => {
  it("records each step's final usage and web searches when its stream ends", async () => {
    const { budgets, records } = fakeBudgets();
    const spend = createAnswerSpend(budgets, 'owner-1', 'claude-sonnet-5-5');
    const openStep = spend.guard(async () => upstream([start(100), text('Hello'), end(42, 2)]));
    await drain(await openStep([], new AbortController().signal));
    await spend.closingChunks();
    expect(records).toEqual([
      {
        ownerId: 'owner-1',
        model: 'claude-sonnet-5-5',
        spend: { usage: { inputTokens: 100, outputTokens: 42, cacheReadTokens: 0, cacheWriteTokens: 0 }, webSearches: 2 },
      },
    ]);
  });

  it('estimates the output of a step cut off before its final count, so a stopped answer is not free', async () => {
    const { budgets, records } = fakeBudgets();
    const spend = createAnswerSpend(budgets, 'owner-1', 'claude-sonnet-5-5');
    const openStep = spend.guard(async () => upstream([start(100), text('x'.repeat(400))], new Error('terminated')));
    await expect(drain(await openStep([], new AbortController().signal))).rejects.toThrow('terminated');
    await spend.closingChunks();
    expect(records[0]?.spend.usage).toMatchObject({ inputTokens: 100, outputTokens: 100 });
  });

  it('opens no further step once the budget is used up, after the previous step is recorded', async () => {
    const { budgets, records, state } = fakeBudgets();
    state.recordDelayMs = 20;
    const spend = createAnswerSpend(budgets, 'owner-1', 'claude-sonnet-5-5');
    let opened = 0;
    const openStep = spend.guard(async () => {
      opened++;
      return upstream([start(10), end(5)]);
    });
    await drain(await openStep([], new AbortController().signal));
    state.spent = true;
    await expect(openStep([], new AbortController().signal)).rejects.toBeInstanceOf(BudgetExceededError);
    expect(opened).toBe(1);
    // The check waited for the first step's record, which was slower than the step itself.
    expect(records).toHaveLength(1);
  });

  it('ends with what is left of the budget, as a transient chunk that is never saved', async () => {
    const { budgets } = fakeBudgets();
    const spend = createAnswerSpend(budgets, 'owner-1', 'claude-sonnet-5-5');
    await drain(await spend.guard(async () => upstream([start(10), end(5)]))([], new AbortController().signal));
    expect(await spend.closingChunks()).toEqual([{ type: 'data-budget', data: { scope: 'identity', limitUsd: 1, leftUsd: 0.9 }, transient: true }]);
  });
});
