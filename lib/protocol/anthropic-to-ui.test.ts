import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { upstreamStream } from '../anthropic/upstream-stream';
import { AnthropicToUIMapper, toFinishReason, type RillChunk } from './anthropic-to-ui';

const FIXTURES_DIR = join(__dirname, '../../e2e/fixtures/anthropic/sse');
const fixtureFiles = readdirSync(FIXTURES_DIR).sort();

/** Replays a recorded SSE body through the reader production uses (upstream-stream.test.ts checks it against the SDK's). */
async function replay(file: string): Promise<RawMessageStreamEvent[]> {
  const body = new Response(readFileSync(join(FIXTURES_DIR, file))).body!;
  const events: RawMessageStreamEvent[] = [];
  for await (const batch of upstreamStream(body, new Headers(), new AbortController())) events.push(...batch);
  return events;
}

function mapAll(events: RawMessageStreamEvent[]): { chunks: RillChunk[]; mapper: AnthropicToUIMapper } {
  const mapper = new AnthropicToUIMapper();
  const chunks = events.flatMap((event) => mapper.push(event));
  chunks.push(...mapper.closeOpenParts());
  return { chunks, mapper };
}

/** Checks the ordering contract the browser relies on and returns the text per part id. */
function checkOrdering(chunks: RillChunk[]): Map<string, string> {
  const open = new Map<string, string>();
  const ended = new Set<string>();
  const texts = new Map<string, string>();
  for (const chunk of chunks) {
    switch (chunk.type) {
      case 'text-start':
      case 'reasoning-start':
        expect(open.has(chunk.id) || ended.has(chunk.id), `duplicate start ${chunk.id}`).toBe(false);
        open.set(chunk.id, chunk.type);
        texts.set(chunk.id, '');
        break;
      case 'text-delta':
      case 'reasoning-delta':
        expect(open.get(chunk.id), `delta before start for ${chunk.id}`).toBe(chunk.type.replace('-delta', '-start'));
        texts.set(chunk.id, (texts.get(chunk.id) ?? '') + chunk.delta);
        break;
      case 'text-end':
      case 'reasoning-end':
        expect(open.get(chunk.id), `end without start for ${chunk.id}`).toBe(chunk.type.replace('-end', '-start'));
        open.delete(chunk.id);
        ended.add(chunk.id);
        break;
      case 'tool-input-start':
        expect(open.has(chunk.toolCallId)).toBe(false);
        open.set(chunk.toolCallId, chunk.type);
        break;
      case 'tool-input-delta':
        expect(open.get(chunk.toolCallId), `tool delta before start for ${chunk.toolCallId}`).toBe('tool-input-start');
        break;
      case 'tool-input-available':
      case 'tool-input-error':
        expect(open.get(chunk.toolCallId)).toBe('tool-input-start');
        open.delete(chunk.toolCallId);
        ended.add(chunk.toolCallId);
        break;
      case 'tool-output-available':
      case 'tool-output-error':
        expect(ended.has(chunk.toolCallId), `tool output before its input for ${chunk.toolCallId}`).toBe(true);
        break;
    }
  }
  expect([...open.keys()], 'parts left open').toEqual([]);
  return texts;
}

function deltaText(events: RawMessageStreamEvent[], deltaType: 'text_delta' | 'thinking_delta'): string {
  return events
    .map((event) => {
      if (event.type !== 'content_block_delta' || event.delta.type !== deltaType) return '';
      return event.delta.type === 'text_delta' ? event.delta.text : event.delta.type === 'thinking_delta' ? event.delta.thinking : '';
    })
    .join('');
}

/** Each message's final output count (its last report wins), summed over the messages of the stream. */
function expectedOutputTokens(events: RawMessageStreamEvent[]): number {
  const perMessage = new Map<string, number>();
  let current = '';
  for (const event of events) {
    if (event.type === 'message_start') {
      current = event.message.id;
      if (!perMessage.has(current)) perMessage.set(current, event.message.usage.output_tokens);
    } else if (event.type === 'message_delta') {
      perMessage.set(current, event.usage.output_tokens);
    }
  }
  return [...perMessage.values()].reduce((a, b) => a + b, 0);
}

describe('AnthropicToUIMapper over every recorded stream', () => {
  it('finds the fixtures', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(16);
  });

  for (const file of fixtureFiles) {
    it(`replays ${file} with well-ordered parts and no lost text`, async () => {
      const events = await replay(file);
      expect(events.length).toBeGreaterThan(0);
      const { chunks, mapper } = mapAll(events);
      const texts = checkOrdering(chunks);

      const textIds = chunks.filter((c) => c.type === 'text-start').map((c) => (c as { id: string }).id);
      const reasoningIds = chunks.filter((c) => c.type === 'reasoning-start').map((c) => (c as { id: string }).id);
      expect(textIds.map((id) => texts.get(id)).join('')).toBe(deltaText(events, 'text_delta'));
      expect(reasoningIds.map((id) => texts.get(id)).join('')).toBe(deltaText(events, 'thinking_delta'));

      expect(mapper.usage.outputTokens).toBe(expectedOutputTokens(events));
      const lastDelta = events.filter((e) => e.type === 'message_delta').at(-1);
      if (lastDelta?.type === 'message_delta') {
        expect(mapper.finishReason).toBe(toFinishReason(lastDelta.delta.stop_reason));
      }
    });
  }
});

describe('AnthropicToUIMapper details', () => {
  it('streams a text block as text-start, text-delta and text-end', async () => {
    const { chunks } = mapAll(await replay('basic_response.txt'));
    const types = chunks.map((c) => c.type);
    expect(types[0]).toBe('start-step');
    expect(types).toContain('text-start');
    expect(types.indexOf('text-start')).toBeLessThan(types.indexOf('text-delta'));
    expect(types.lastIndexOf('text-delta')).toBeLessThan(types.indexOf('text-end'));
    expect(types.at(-1)).toBe('finish-step');
  });

  it('maps thinking to reasoning and keeps the signature for the next turn', async () => {
    const { chunks } = mapAll(await replay('anthropic-clear-thinking.1.sse'));
    const end = chunks.find((c) => c.type === 'reasoning-end');
    expect(end).toMatchObject({ providerMetadata: { anthropic: { signature: expect.any(String) } } });
  });

  it('streams tool input and parses it at the end of the block', async () => {
    const { chunks } = mapAll(await replay('tool_use_response.txt'));
    const start = chunks.find((c) => c.type === 'tool-input-start');
    expect(start).toMatchObject({ toolName: 'get_weather' });
    expect(chunks.filter((c) => c.type === 'tool-input-delta').length).toBeGreaterThan(1);
    const available = chunks.find((c) => c.type === 'tool-input-available');
    expect(available).toMatchObject({ toolName: 'get_weather', input: { location: expect.any(String) } });
  });

  it('shows a call to a tool with a title (an MCP server\'s) as a dynamic part under that title, from its first chunk to its input', async () => {
    const mapper = new AnthropicToUIMapper({ toolTitle: (name) => (name === 'get_weather' ? 'Weather server' : undefined) });
    const chunks = (await replay('tool_use_response.txt')).flatMap((event) => mapper.push(event));
    const toolChunks = chunks.filter((c) => c.type === 'tool-input-start' || c.type === 'tool-input-available');
    expect(toolChunks).toHaveLength(2);
    for (const chunk of toolChunks) expect(chunk).toMatchObject({ toolName: 'get_weather', dynamic: true, title: 'Weather server' });
    expect(toolChunks[0]).not.toHaveProperty('providerExecuted');
    expect(mapper.requestedToolCalls()).toMatchObject([{ name: 'get_weather' }]);
  });

  it('gives a tool without arguments an empty object as input', async () => {
    const { chunks } = mapAll(await replay('anthropic-tool-no-args.sse'));
    expect(chunks.find((c) => c.type === 'tool-input-available')).toMatchObject({ input: {} });
  });

  it('reports server tools as provider-executed, with their results', async () => {
    const { chunks } = mapAll(await replay('anthropic-web-search-tool.1.sse'));
    expect(chunks.find((c) => c.type === 'tool-input-start')).toMatchObject({ toolName: 'web_search', providerExecuted: true });
    expect(chunks.find((c) => c.type === 'tool-output-available')).toMatchObject({ providerExecuted: true });
  });

  it('shows the MCP connector\'s calls, a beta outside the SDK\'s Messages types, as server tools with their results', async () => {
    const { chunks } = mapAll(await replay('anthropic-mcp.1.sse'));
    expect(chunks.find((c) => c.type === 'tool-input-available')).toMatchObject({ toolName: 'echo', providerExecuted: true, input: expect.any(Object) });
    expect(chunks.find((c) => c.type === 'tool-output-available')).toMatchObject({ providerExecuted: true, output: [{ type: 'text', text: 'Tool echo: hello world' }] });
  });

  it('reports usage from message_start, then replaces it with the cumulative message_delta figures', () => {
    const mapper = new AnthropicToUIMapper();
    const start = mapper.push({
      type: 'message_start',
      message: {
        id: 'msg_1',
        model: 'claude-test',
        usage: { input_tokens: 100, output_tokens: 1, cache_read_input_tokens: 40, cache_creation_input_tokens: 7 },
      },
    } as unknown as RawMessageStreamEvent);
    const firstUsage = { inputTokens: 100, outputTokens: 1, cacheReadTokens: 40, cacheWriteTokens: 7 };
    expect(start).toContainEqual({
      type: 'message-metadata',
      messageMetadata: { model: 'claude-test', usage: firstUsage, usageFinal: false, steps: [{ usage: firstUsage }] },
    });
    const delta = (outputTokens: number) =>
      ({
        type: 'message_delta',
        delta: { stop_reason: null, stop_sequence: null },
        usage: { output_tokens: outputTokens, input_tokens: null, cache_read_input_tokens: null, cache_creation_input_tokens: null },
      }) as unknown as RawMessageStreamEvent;
    mapper.push(delta(20));
    mapper.push(delta(35));
    expect(mapper.usage).toEqual({ inputTokens: 100, outputTokens: 35, cacheReadTokens: 40, cacheWriteTokens: 7 });
  });

  it('keeps which cache writes went to the 1-hour cache, which only message_start reports, through the closing message_delta', () => {
    const mapper = new AnthropicToUIMapper();
    mapper.push({
      type: 'message_start',
      message: {
        id: 'msg_1',
        model: 'claude-test',
        usage: {
          input_tokens: 12,
          output_tokens: 1,
          cache_read_input_tokens: 900,
          cache_creation_input_tokens: 300,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 300 },
        },
      },
    } as unknown as RawMessageStreamEvent);
    mapper.push({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 50, input_tokens: 12, cache_read_input_tokens: 900, cache_creation_input_tokens: 300 },
    } as unknown as RawMessageStreamEvent);
    expect(mapper.usage).toEqual({ inputTokens: 12, outputTokens: 50, cacheReadTokens: 900, cacheWriteTokens: 300, cacheWrite1hTokens: 300 });
  });

  it('records no 1-hour writes for a recorded stream that wrote only to the 5-minute cache', async () => {
    const { mapper } = mapAll(await replay('anthropic-text.sse'));
    expect(mapper.usage.cacheWrite1hTokens).toBeUndefined();
  });

  it('ignores a repeated message_start for the open message', async () => {
    const { chunks } = mapAll(await replay('duplicate-message-start.sse'));
    expect(chunks.filter((c) => c.type === 'start-step')).toHaveLength(1);
  });

  it('closes a message cut off by another message_start and marks its unfinished tool input', async () => {
    const { chunks } = mapAll(await replay('spliced-message-start.sse'));
    expect(chunks.filter((c) => c.type === 'start-step')).toHaveLength(2);
    expect(chunks.find((c) => c.type === 'tool-input-error')).toMatchObject({ errorText: expect.stringMatching(/cut off/) });
  });

  it('skips unknown block and delta types without failing', () => {
    const mapper = new AnthropicToUIMapper();
    const unknownBlock = mapper.push({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'hologram', data: 'x' },
    } as unknown as RawMessageStreamEvent);
    const unknownDelta = mapper.push({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'hologram_delta', data: 'y' },
    } as unknown as RawMessageStreamEvent);
    const stop = mapper.push({ type: 'content_block_stop', index: 0 } as RawMessageStreamEvent);
    const unknownEvent = mapper.push({ type: 'future_event' } as unknown as RawMessageStreamEvent);
    expect([...unknownBlock, ...unknownDelta, ...stop, ...unknownEvent]).toEqual([]);
  });

  it('explains a refusal and reports it as the finish reason', async () => {
    const { chunks, mapper } = mapAll(await replay('anthropic-refusal.sse'));
    expect(mapper.finishReason).toBe('content-filter');
    expect(chunks).toContainEqual(
      expect.objectContaining({ type: 'message-metadata', messageMetadata: expect.objectContaining({ stopReason: 'refusal' }) }),
    );
  });

  it.each([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'stop'],
    ['model_context_window_exceeded', 'length'],
    [null, 'other'],
  ] as const)('maps stop_reason %s to finish reason %s', (stopReason, finishReason) => {
    expect(toFinishReason(stopReason)).toBe(finishReason);
  });
});

describe('AnthropicToUIMapper across agent steps', () => {
  const start = (id: string, input: number): RawMessageStreamEvent =>
    ({
      type: 'message_start',
      message: { id, model: 'claude-test', usage: { input_tokens: input, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } },
    }) as unknown as RawMessageStreamEvent;
  const delta = (stopReason: string, output: number): RawMessageStreamEvent =>
    ({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: output } }) as unknown as RawMessageStreamEvent;
  const block = (index: number, content_block: object) => ({ type: 'content_block_start', index, content_block }) as unknown as RawMessageStreamEvent;
  const blockDelta = (index: number, d: object) => ({ type: 'content_block_delta', index, delta: d }) as unknown as RawMessageStreamEvent;
  const stop = (index: number) => ({ type: 'content_block_stop', index }) as RawMessageStreamEvent;

  it('sums usage over steps and reports each step', () => {
    const mapper = new AnthropicToUIMapper();
    [start('m1', 100), delta('tool_use', 20), { type: 'message_stop' } as RawMessageStreamEvent, start('m2', 150)].forEach((e) => mapper.push(e));
    const last = mapper.push(delta('end_turn', 30)).at(-1);
    expect(mapper.usage).toMatchObject({ inputTokens: 250, outputTokens: 50 });
    expect(last).toMatchObject({
      messageMetadata: {
        usageFinal: true,
        steps: [
          { usage: { inputTokens: 100, outputTokens: 20 }, stopReason: 'tool_use' },
          { usage: { inputTokens: 150, outputTokens: 30 }, stopReason: 'end_turn' },
        ],
      },
    });
  });

  it('keeps the message content, thinking signature included, to send back', () => {
    const mapper = new AnthropicToUIMapper();
    [
      start('m1', 10),
      block(0, { type: 'thinking', thinking: '', signature: '' }),
      blockDelta(0, { type: 'thinking_delta', thinking: 'Let me think.' }),
      blockDelta(0, { type: 'signature_delta', signature: 'sig-123' }),
      stop(0),
      block(1, { type: 'text', text: '' }),
      blockDelta(1, { type: 'text_delta', text: 'Checking.' }),
      stop(1),
      block(2, { type: 'tool_use', id: 'toolu_1', name: 'calculate', input: {} }),
      blockDelta(2, { type: 'input_json_delta', partial_json: '{"expression":' }),
      blockDelta(2, { type: 'input_json_delta', partial_json: '"2^64"}' }),
      stop(2),
      block(3, { type: 'tool_use', id: 'toolu_2', name: 'calculate', input: {} }),
      blockDelta(3, { type: 'input_json_delta', partial_json: '{"expr' }),
      stop(3),
      delta('tool_use', 40),
    ].forEach((e) => mapper.push(e));
    expect(mapper.lastMessageContent()).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig-123' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'calculate', input: { expression: '2^64' } },
    ]);
    expect(mapper.requestedToolCalls()).toEqual([
      { id: 'toolu_1', name: 'calculate', input: { expression: '2^64' } },
      { id: 'toolu_2', name: 'calculate', inputError: 'Claude sent tool input that is not valid JSON.' },
    ]);
  });

  it('streams the citations of a text part when the part ends', async () => {
    const { chunks } = mapAll(await replay('anthropic-web-search-tool.1.sse'));
    const citations = chunks.filter((c) => c.type === 'data-citations');
    expect(citations.length).toBeGreaterThan(0);
    expect(citations[0]).toMatchObject({
      data: { citations: expect.arrayContaining([expect.objectContaining({ url: expect.stringMatching(/^https:/), title: expect.any(String) })]) },
    });
    const types = chunks.map((c) => c.type);
    const firstCitation = types.indexOf('data-citations');
    expect(types[firstCitation - 1]).toBe('text-end');
  });

  it('passes server tool results back verbatim', async () => {
    const mapper = new AnthropicToUIMapper();
    (await replay('anthropic-web-fetch-tool.1.sse')).forEach((e) => mapper.push(e));
    expect(mapper.lastMessageContent().map((b) => b.type)).toEqual(expect.arrayContaining(['server_tool_use', 'web_fetch_tool_result']));
    expect(mapper.requestedToolCalls()).toEqual([]);
  });

  it('continues an earlier answer: its steps count in the usage, and new parts get ids of their own', async () => {
    const earlier = { usage: { inputTokens: 100, outputTokens: 40, cacheReadTokens: 10, cacheWriteTokens: 5 }, stopReason: 'max_tokens' as const };
    const mapper = new AnthropicToUIMapper({ partIdPrefix: 'again', earlierSteps: [earlier] });
    const chunks = (await replay('anthropic-text.sse')).flatMap((event) => mapper.push(event));
    const own = mapAll(await replay('anthropic-text.sse')).mapper.usage;
    expect(mapper.usage).toEqual({
      inputTokens: own.inputTokens + 100,
      outputTokens: own.outputTokens + 40,
      cacheReadTokens: own.cacheReadTokens + 10,
      cacheWriteTokens: own.cacheWriteTokens + 5,
    });
    const last = chunks.findLast((chunk) => chunk.type === 'message-metadata');
    expect(last).toMatchObject({ messageMetadata: { usage: mapper.usage, usageFinal: true, steps: [earlier, { stopReason: 'end_turn' }] } });
    expect(chunks.find((chunk) => chunk.type === 'text-start')).toMatchObject({ id: expect.stringMatching(/^again-/) });
  });
});
