import { readUIMessageStream } from 'ai';
import { describe, expect, it } from 'vitest';
import type { RillChunk } from './anthropic-to-ui';
import { chunksOfParts, isFirstContent, metadataBeforeContinuing } from './message-chunks';
import type { RillUIMessage } from './message-metadata';

async function rebuild(chunks: RillChunk[]): Promise<RillUIMessage | undefined> {
  const stream = new ReadableStream<RillChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  let latest: RillUIMessage | undefined;
  for await (const message of readUIMessageStream<RillUIMessage>({ stream })) latest = message;
  return latest;
}

describe('chunksOfParts', () => {
  it('rebuilds MCP calls with their server\'s title and the person\'s leave: allowed and run, denied, still waiting', async () => {
    const parts: RillUIMessage['parts'] = [
      { type: 'step-start' },
      {
        type: 'dynamic-tool',
        toolName: 'notes__add_note',
        title: 'Team notes',
        toolCallId: 'toolu_a',
        state: 'output-available',
        input: { text: 'milk' },
        output: { content: [{ type: 'text', text: 'Saved note 1: milk' }] },
        approval: { id: 'approval-a', approved: true },
        toolMetadata: { durationMs: 4 },
      },
      {
        type: 'dynamic-tool',
        toolName: 'notes__delete_note',
        title: 'Team notes',
        toolCallId: 'toolu_b',
        state: 'output-denied',
        input: { id: 1 },
        approval: { id: 'approval-b', approved: false, requestReason: 'Its server says it may delete or change data for good.' },
      },
      { type: 'dynamic-tool', toolName: 'notes__add_note', title: 'Team notes', toolCallId: 'toolu_c', state: 'approval-requested', input: { text: 'eggs' }, approval: { id: 'approval-c' } },
    ];
    const message = await rebuild([{ type: 'start', messageId: 'answer' }, ...chunksOfParts(parts)]);
    expect(message?.parts).toEqual(parts);
  });

  it('rebuilds a stopped answer part for part: thinking, text, citations, tool calls that ran, failed or were cut off', async () => {
    const parts: RillUIMessage['parts'] = [
      { type: 'step-start' },
      { type: 'reasoning', id: 'part-0', text: 'Let me check.', state: 'done', providerMetadata: { anthropic: { signature: 'sig' } } },
      { type: 'text', text: 'Paris is ', state: 'done' },
      { type: 'data-citations', id: 'part-1-citations', data: { textPartId: 'part-1', citations: [{ url: 'https://example.com', title: 'Example' }] } },
      {
        type: 'tool-get_weather',
        toolCallId: 'toolu_1',
        state: 'output-available',
        input: { city: 'Paris' },
        output: {
          location: { name: 'Paris', country: 'France', latitude: 48.85, longitude: 2.35, timezone: 'Europe/Paris' },
          units: { temperature: '°C', windSpeed: 'km/h' },
          current: { time: '2026-11-25T11:00', temperature: 21, apparentTemperature: 20.5, humidity: 55, windSpeed: 9, weatherCode: 1, conditions: 'Mainly clear' },
          daily: [],
        },
        toolMetadata: { durationMs: 12 },
      },
      { type: 'tool-calculate', toolCallId: 'toolu_2', state: 'output-error', input: { expression: '1/0' }, errorText: 'Division by zero' },
      // Input cut off midway: the part keeps the raw text as its input.
      { type: 'tool-calculate', toolCallId: 'toolu_3', state: 'output-error', input: '{"expr', errorText: 'cut off' },
      {
        type: 'dynamic-tool',
        toolName: 'web_search',
        toolCallId: 'srvtoolu_1',
        state: 'output-available',
        input: { query: 'paris' },
        output: [{ url: 'https://example.com' }],
        providerExecuted: true,
      },
      { type: 'step-start' },
      { type: 'text', text: 'warm and', state: 'done' },
    ];
    const rebuilt = await rebuild([{ type: 'start', messageId: 'answer-1' }, ...chunksOfParts(parts), { type: 'finish' }]);
    expect(rebuilt?.id).toBe('answer-1');
    expect(rebuilt?.parts).toEqual(parts);
  });
});

describe('metadataBeforeContinuing', () => {
  it('keeps what the answer used and drops how it ended', () => {
    const usage = { inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 };
    expect(
      metadataBeforeContinuing({ model: 'claude-test', promptMessages: 1, usage, stopReason: 'error', errorText: 'Overloaded', reconnecting: null, firstTokenMs: 5 }),
    ).toEqual({ model: 'claude-test', promptMessages: 1, usage, firstTokenMs: 5 });
    expect(metadataBeforeContinuing(undefined)).toEqual({});
  });
});

describe('isFirstContent', () => {
  it('counts the chunks that show something: text, thinking, a tool call; not the bookkeeping before them', () => {
    const shown: RillChunk[] = [
      { type: 'text-delta', id: 'p', delta: 'Hi' },
      { type: 'reasoning-delta', id: 'r', delta: 'Hmm' },
      { type: 'tool-input-start', toolCallId: 'toolu_1', toolName: 'calculate' },
    ];
    const unseen: RillChunk[] = [
      { type: 'start', messageId: 'm' },
      { type: 'start-step' },
      { type: 'text-start', id: 'p' },
      { type: 'message-metadata', messageMetadata: { model: 'claude-test' } },
    ];
    expect(shown.map(isFirstContent)).toEqual([true, true, true]);
    expect(unseen.map(isFirstContent)).toEqual([false, false, false, false]);
  });
});
