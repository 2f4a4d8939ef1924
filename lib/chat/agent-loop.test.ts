import { APIError } from '@anthropic-ai/sdk';
import type { MessageParam, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it, vi } from 'vitest';
import { BudgetExceededError } from '../budget';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import type { UpstreamStream } from '../anthropic/upstream-stream';
import { runAgentLoop, type AgentLoopOptions } from './agent-loop';
import { recordUIMessage } from './message-recorder';

type Event = RawMessageStreamEvent;
const usage = { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
const start = (id: string): Event => ({ type: 'message_start', message: { id, model: 'claude-test', usage } }) as unknown as Event;
const textBlock = (index: number, ...deltas: string[]): Event[] => [
  { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } as unknown as Event,
  ...deltas.map((text) => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }) as unknown as Event),
  { type: 'content_block_stop', index } as Event,
];
const toolBlock = (index: number, id: string, name: string, json: string): Event[] => [
  { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } } as unknown as Event,
  { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json } } as unknown as Event,
  { type: 'content_block_stop', index } as Event,
];
const end = (stopReason: string, output: number): Event[] => [
  { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: output } } as unknown as Event,
  { type: 'message_stop' } as Event,
];

/** An upstream stream that sends these events, then optionally fails as a dropped or overloaded stream would. */
function upstream(events: Event[], failWith?: unknown): UpstreamStream {
  return {
    controller: new AbortController(),
    async *[Symbol.asyncIterator]() {
      for (const event of events) yield [event];
      if (failWith) throw failWith;
    },
  } as UpstreamStream;
}

const overloaded = () =>
  new APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers(), 'overloaded_error');

async function run(options: Partial<AgentLoopOptions> & Pick<AgentLoopOptions, 'firstStep'>) {
  const recorder = recordUIMessage();
  const chunks: RillChunk[] = [];
  await runAgentLoop({
    messageId: 'answer-1',
    model: 'claude-test',
    promptMessages: 1,
    messages: [{ role: 'user', content: 'hi' }],
    openStep: async () => {
      throw new Error('no further step expected');
    },
    runTool: async () => ({ ok: true, output: null, durationMs: 1 }),
    maxSteps: 8,
    maxStreamRetries: 2,
    retryDelayMs: 1,
    signal: new AbortController().signal,
    startedAt: performance.now(),
    secrets: [],
    onChunk: (chunk) => {
      chunks.push(chunk);
      recorder.write(chunk);
    },
    ...options,
  });
  return { chunks, message: await recorder.finish() };
}

const textOf = (message: Awaited<ReturnType<typeof run>>['message']) =>
  message?.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');

describe('agent loop', () => {
  it('restarts a step that fails midway and shows its text exactly once', async () => {
    const openStep = vi.fn(async () => upstream([start('m2'), ...textBlock(0, 'Hello, ', 'world.'), ...end('end_turn', 5)]));
    const { chunks, message } = await run({
      firstStep: upstream([start('m1'), ...textBlock(0, 'Hello, ', 'wor')].slice(0, -1), overloaded()),
      openStep,
    });
    expect(openStep).toHaveBeenCalledTimes(1);
    expect(chunks.map((c) => c.type)).toContain('reset-step');
    expect(chunks).toContainEqual({ type: 'message-metadata', messageMetadata: { reconnecting: { attempt: 1, maxAttempts: 2 } } });
    expect(textOf(message)).toBe('Hello, world.');
    expect(message?.metadata?.reconnecting).toBeNull();
    expect(message?.metadata?.usage?.outputTokens).toBe(5);
    expect(chunks.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('keeps the partial answer and reports the error once retries run out', async () => {
    const failing = () => upstream([start('m'), ...textBlock(0, 'Partial ').slice(0, -1)], overloaded());
    const { chunks, message } = await run({ firstStep: failing(), openStep: async () => failing() });
    expect(chunks.filter((c) => c.type === 'reset-step')).toHaveLength(2);
    expect(chunks.at(-1)).toMatchObject({ type: 'error', errorText: expect.stringMatching(/overloaded/) });
    expect(textOf(message)).toBe('Partial ');
    expect(message?.metadata?.stopReason).toBe('error');
  });

  it('runs the tools Claude asks for in parallel and sends their results back', async () => {
    const runTool = vi.fn(async (name: string, input: unknown) => ({ ok: true as const, output: { name, input }, durationMs: 2 }));
    let sent: MessageParam[] = [];
    const { chunks, message } = await run({
      firstStep: upstream([
        start('m1'),
        ...toolBlock(0, 'toolu_a', 'calculate', '{"expression":"1+1"}'),
        ...toolBlock(1, 'toolu_b', 'get_current_time', '{"timezone":"UTC"}'),
        ...end('tool_use', 9),
      ]),
      runTool,
      openStep: async (messages) => {
        sent = messages;
        return upstream([start('m2'), ...textBlock(0, 'Done.'), ...end('end_turn', 3)]);
      },
    });
    expect(runTool).toHaveBeenCalledTimes(2);
    expect(sent.at(-2)).toMatchObject({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a' }, { type: 'tool_use', id: 'toolu_b' }] });
    expect(sent.at(-1)).toMatchObject({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_a', content: JSON.stringify({ name: 'calculate', input: { expression: '1+1' } }) },
        { type: 'tool_result', tool_use_id: 'toolu_b' },
      ],
    });
    expect(chunks.filter((c) => c.type === 'tool-output-available')).toHaveLength(2);
    expect(message?.metadata?.usage?.outputTokens).toBe(12);
    expect(textOf(message)).toBe('Done.');
  });

  it('stops while a tool runs: the tool is aborted and the answer ends as stopped', async () => {
    const controller = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const { chunks, message } = await run({
      signal: controller.signal,
      firstStep: upstream([start('m1'), ...toolBlock(0, 'toolu_slow', 'get_weather', '{"location":"Slowtown"}'), ...end('tool_use', 4)]),
      runTool: (_name, _input, signal) => {
        toolSignal = signal;
        queueMicrotask(() => controller.abort());
        return new Promise((resolve) =>
          signal.addEventListener('abort', () => resolve({ ok: false, error: 'Stopped before get_weather finished.', durationMs: 5 })),
        );
      },
    });
    expect(toolSignal?.aborted).toBe(true);
    expect(chunks).toContainEqual(expect.objectContaining({ type: 'tool-output-error', toolCallId: 'toolu_slow' }));
    expect(message?.metadata?.stopReason).toBe('stopped');
  });

  it('ends the answer when a budget runs out between steps, keeping what was written', async () => {
    const exhausted = new BudgetExceededError(
      { scope: 'identity', limitUsd: 1, leftUsd: 0 },
      3_600,
      'You have used your budget of $1.00 for today. It resets at 00:00 UTC, in 1 h.',
    );
    const { chunks, message } = await run({
      firstStep: upstream([start('m1'), ...textBlock(0, 'Let me check. '), ...toolBlock(1, 'toolu_a', 'calculate', '{"expression":"1+1"}'), ...end('tool_use', 9)]),
      openStep: async () => {
        throw exhausted;
      },
      closingChunks: async () => [{ type: 'data-budget', data: { scope: 'identity', limitUsd: 1, leftUsd: 0 }, transient: true }],
    });
    expect(textOf(message)).toBe('Let me check. ');
    expect(chunks).toContainEqual(expect.objectContaining({ type: 'tool-output-available', toolCallId: 'toolu_a' }));
    expect(message?.metadata).toMatchObject({ stopReason: 'budget', budgetScope: 'identity', errorText: exhausted.message });
    expect(chunks.slice(-2).map((chunk) => chunk.type)).toEqual(['data-budget', 'error']);
    expect(chunks.at(-1)).toEqual({ type: 'error', errorText: exhausted.message });
  });

  it('sends the closing chunks just before a normal finish', async () => {
    const { chunks } = await run({
      firstStep: upstream([start('m1'), ...textBlock(0, 'Hi.'), ...end('end_turn', 2)]),
      closingChunks: async () => [{ type: 'data-budget', data: { scope: 'total', limitUsd: 5, leftUsd: 4 }, transient: true }],
    });
    expect(chunks.slice(-2).map((chunk) => chunk.type)).toEqual(['data-budget', 'finish']);
  });

  describe('a call that needs the person\'s leave', () => {
    const mcpStep = () =>
      upstream([start('m1'), ...toolBlock(0, 'toolu_add', 'notes__add_note', '{"text":"milk"}'), ...toolBlock(1, 'toolu_look', 'notes__lookup_note', '{"id":1}'), ...end('tool_use', 9)]);
    const approvalFor = (decision: 'allowed' | 'denied' | 'expired') => {
      let decide!: () => void;
      const decided = new Promise<void>((resolve) => (decide = resolve));
      return {
        decide,
        askApproval: vi.fn(async (call: { name: string }) =>
          call.name === 'notes__add_note' ? { approvalId: 'approval-1', decision: async () => (await decided, decision) } : undefined,
        ),
      };
    };
    const followUp = (sent: { messages: MessageParam[] }) => async (messages: MessageParam[]) => {
      sent.messages = messages;
      return upstream([start('m2'), ...textBlock(0, 'Done.'), ...end('end_turn', 3)]);
    };

    it('waits for it while the other calls run, then runs it once allowed', async () => {
      const { decide, askApproval } = approvalFor('allowed');
      const ran: string[] = [];
      const sent = { messages: [] as MessageParam[] };
      const runTool = vi.fn(async (name: string) => {
        ran.push(name);
        // The read-only call finishes while the other still waits for its leave.
        if (name === 'notes__lookup_note') queueMicrotask(decide);
        return { ok: true as const, output: { name }, durationMs: 1 };
      });
      const { chunks, message } = await run({ firstStep: mcpStep(), askApproval, runTool, openStep: followUp(sent), toolTitle: () => 'Team notes' });
      expect(ran).toEqual(['notes__lookup_note', 'notes__add_note']);
      const types = chunks.map((c) => c.type);
      expect(types.indexOf('tool-approval-request')).toBeLessThan(types.indexOf('tool-approval-response'));
      expect(chunks).toContainEqual({ type: 'tool-approval-response', approvalId: 'approval-1', approved: true });
      expect(sent.messages.at(-1)).toMatchObject({ content: [{ tool_use_id: 'toolu_add', content: JSON.stringify({ name: 'notes__add_note' }) }, { tool_use_id: 'toolu_look' }] });
      const part = message?.parts.find((p) => 'toolCallId' in p && p.toolCallId === 'toolu_add');
      expect(part).toMatchObject({ type: 'dynamic-tool', title: 'Team notes', state: 'output-available', approval: { id: 'approval-1', approved: true } });
    });

    it('sends a denial back to Claude as a tool error, and does not run the tool', async () => {
      const { decide, askApproval } = approvalFor('denied');
      decide();
      const sent = { messages: [] as MessageParam[] };
      const runTool = vi.fn(async (name: string) => ({ ok: true as const, output: { name }, durationMs: 1 }));
      const { message } = await run({ firstStep: mcpStep(), askApproval, runTool, openStep: followUp(sent), toolTitle: () => 'Team notes' });
      expect(runTool).toHaveBeenCalledTimes(1);
      expect(sent.messages.at(-1)).toMatchObject({ content: [{ tool_use_id: 'toolu_add', is_error: true, content: expect.stringMatching(/denied/) }, { tool_use_id: 'toolu_look' }] });
      expect(message?.parts.find((p) => 'toolCallId' in p && p.toolCallId === 'toolu_add')).toMatchObject({ state: 'output-denied' });
      expect(textOf(message)).toBe('Done.');
    });

    it('fails a call nobody allowed in time, one stopped while it waited, and one whose leave could not be asked for', async () => {
      const { decide, askApproval } = approvalFor('expired');
      decide();
      const sent = { messages: [] as MessageParam[] };
      await run({ firstStep: mcpStep(), askApproval, openStep: followUp(sent) });
      expect(sent.messages.at(-1)).toMatchObject({ content: [{ tool_use_id: 'toolu_add', is_error: true, content: expect.stringMatching(/in time/) }, {}] });

      const controller = new AbortController();
      const stopped = { messages: [] as MessageParam[] };
      const { chunks: whenStopped } = await run({
        firstStep: mcpStep(),
        signal: controller.signal,
        askApproval: async (call) => (call.name === 'notes__add_note' ? { approvalId: 'approval-2', decision: async () => (controller.abort(), 'expired' as const) } : undefined),
        openStep: followUp(stopped),
      });
      expect(whenStopped).toContainEqual(expect.objectContaining({ type: 'tool-output-error', toolCallId: 'toolu_add', errorText: 'Stopped before notes__add_note ran.' }));
      expect(whenStopped.at(-1)).toMatchObject({ type: 'finish', messageMetadata: { stopReason: 'stopped' } });

      const broken = vi.fn(async () => {
        throw new Error('database unreachable');
      });
      const again = { messages: [] as MessageParam[] };
      const { chunks } = await run({ firstStep: mcpStep(), askApproval: broken, openStep: followUp(again) });
      expect(chunks).toContainEqual(expect.objectContaining({ type: 'tool-output-error', toolCallId: 'toolu_add', errorText: expect.stringMatching(/could not ask.*database unreachable/) }));
      expect(chunks.at(-1)).toMatchObject({ type: 'finish' });
    });
  });
});
