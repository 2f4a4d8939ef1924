import { describe, expect, it } from 'vitest';
import type { RillUIMessage } from '../protocol/message-metadata';
import { formatDuration } from './format';
import { addUsage, applyUsageReport, cacheSavingsUsd, estimateCostUsd, tokensPerSecond, totalTokens, ZERO_USAGE } from './index';
import { conversationTotals, liveMessageUsage, settledSteps } from './message-usage';

describe('usage arithmetic', () => {
  it('replaces fields with each cumulative report and keeps the ones a report leaves out', () => {
    const start = applyUsageReport(ZERO_USAGE, { input_tokens: 50, output_tokens: 1, cache_read_input_tokens: 10, cache_creation_input_tokens: 5 });
    const end = applyUsageReport(start, { output_tokens: 120, input_tokens: null, cache_read_input_tokens: null });
    expect(end).toEqual({ inputTokens: 50, outputTokens: 120, cacheReadTokens: 10, cacheWriteTokens: 5 });
  });

  it('adds separate requests together', () => {
    const a = { inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4 };
    expect(addUsage(a, a)).toEqual({ inputTokens: 2, outputTokens: 4, cacheReadTokens: 6, cacheWriteTokens: 8 });
  });

  it('counts every token a request read or wrote, cached or not', () => {
    expect(totalTokens({ inputTokens: 1509, outputTokens: 985, cacheReadTokens: 1999, cacheWriteTokens: 509 })).toBe(5002);
  });

  it('prices input, output and both kinds of cache tokens', () => {
    // Sonnet 5.5: $2 in, $10 out, cache write 1.25× input, cache read 0.1× input, per million tokens.
    const cost = estimateCostUsd('claude-sonnet-5-5', { inputTokens: 1_000_000, outputTokens: 1_000_000, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 });
    expect(cost).toBeCloseTo(2 + 10 + 0.2 + 2.5, 10);
    expect(estimateCostUsd('claude-sonnet-4-5-20250929', { ...ZERO_USAGE, outputTokens: 1_000_000 })).toBeCloseTo(15, 10);
    expect(estimateCostUsd('some-future-model', ZERO_USAGE)).toBeUndefined();
  });

  it('keeps the 1-hour share of the cache writes that message_start breaks down, and adds it up over requests', () => {
    const start = applyUsageReport(ZERO_USAGE, {
      input_tokens: 10,
      output_tokens: 1,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_1h_input_tokens: 500 },
    });
    // message_delta has no breakdown: the share from message_start stays.
    const end = applyUsageReport(start, { output_tokens: 40, cache_creation_input_tokens: 500 });
    expect(end).toEqual({ inputTokens: 10, outputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 500, cacheWrite1hTokens: 500 });
    expect(addUsage(end, { ...ZERO_USAGE, cacheWriteTokens: 100 })).toMatchObject({ cacheWriteTokens: 600, cacheWrite1hTokens: 500 });
    expect(applyUsageReport(ZERO_USAGE, { cache_creation_input_tokens: 80, cache_creation: { ephemeral_1h_input_tokens: 0 } })).not.toHaveProperty('cacheWrite1hTokens');
  });

  it('prices writes to the 1-hour cache at twice the input price', () => {
    // Sonnet 5.5: $2 in; 5-minute writes $2.50, 1-hour writes $4, per million tokens.
    const usage = { ...ZERO_USAGE, cacheWriteTokens: 3_000_000, cacheWrite1hTokens: 1_000_000 };
    expect(estimateCostUsd('claude-sonnet-5-5', usage)).toBeCloseTo(2 * 2.5 + 4, 10);
  });

  it('says what the cache saved: the cost with every cached token as input, less the cost as billed', () => {
    // 1M read at $0.20 instead of $2, 100K written for an hour at $4 instead of $2 per million.
    const usage = { inputTokens: 1_000, outputTokens: 500, cacheReadTokens: 1_000_000, cacheWriteTokens: 100_000, cacheWrite1hTokens: 100_000 };
    expect(cacheSavingsUsd('claude-sonnet-5-5', usage)).toBeCloseTo(1.8 - 0.2, 10);
    // A cache written and never read cost more than it saved.
    expect(cacheSavingsUsd('claude-sonnet-5-5', { ...ZERO_USAGE, cacheWriteTokens: 1_000_000 })).toBeCloseTo(-0.5, 10);
    expect(cacheSavingsUsd('some-future-model', usage)).toBeUndefined();
  });

  it('measures speed over the streaming phase only', () => {
    expect(tokensPerSecond(101, 500, 1500)).toBeCloseTo(101, 5);
    expect(tokensPerSecond(1, 500, 1500)).toBeUndefined();
    expect(tokensPerSecond(50, 500, 500)).toBeUndefined();
  });
});

describe('live usage of messages', () => {
  const streaming: RillUIMessage = {
    id: 'a1',
    role: 'assistant',
    metadata: { model: 'claude-sonnet-5-5', usage: { inputTokens: 30, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 } },
    parts: [{ type: 'text', text: 'x'.repeat(400) }],
  };
  const finished: RillUIMessage = {
    ...streaming,
    id: 'a2',
    metadata: { ...streaming.metadata, usage: { inputTokens: 30, outputTokens: 77, cacheReadTokens: 0, cacheWriteTokens: 0 }, usageFinal: true },
  };

  it('estimates output from streamed text until the exact count arrives', () => {
    expect(liveMessageUsage(streaming)).toEqual({ usage: { ...streaming.metadata!.usage!, outputTokens: 100 }, exact: false });
    expect(liveMessageUsage(finished)).toEqual({ usage: finished.metadata!.usage, exact: true });
  });

  it('settles a cut-off answer at the usage its footer showed, for a continuation to add to', () => {
    const tool = { inputTokens: 20, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const cutOff: RillUIMessage = {
      ...streaming,
      metadata: { ...streaming.metadata, usage: { ...tool, inputTokens: 50, outputTokens: 6 }, steps: [{ usage: tool, stopReason: 'tool_use' }, { usage: { ...tool, outputTokens: 1 } }] },
    };
    // 400 characters streamed: about 100 tokens shown, of which the first step reported 5.
    expect(settledSteps(cutOff)).toEqual([{ usage: tool, stopReason: 'tool_use' }, { usage: { ...tool, outputTokens: 95 } }]);
    expect(settledSteps(finished)).toEqual([{ usage: finished.metadata!.usage }]);
  });

  it('totals the conversation and its cost', () => {
    const user: RillUIMessage = { id: 'u', role: 'user', parts: [{ type: 'text', text: 'hello there' }] };
    const totals = conversationTotals([user, finished, user, finished]);
    expect(totals.usage).toEqual({ inputTokens: 60, outputTokens: 154, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(totals.exact).toBe(true);
    expect(totals.costUsd).toBeCloseTo((60 * 2 + 154 * 10) / 1_000_000, 12);
    expect(totals.cacheSavedUsd).toBe(0);
  });
});

describe('formatDuration', () => {
  it('writes whole milliseconds under a second, then seconds to a tenth', () => {
    expect(formatDuration(19.6)).toBe('20 ms');
    expect(formatDuration(999.7)).toBe('1 s');
    expect(formatDuration(2_500)).toBe('2.5 s');
    expect(formatDuration(10_000)).toBe('10 s');
  });
});
