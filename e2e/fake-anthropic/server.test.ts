import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import Anthropic, {
  APIError,
  AuthenticationError,
  BadRequestError,
  OverloadedError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTINUE_INSTRUCTION } from '../../lib/anthropic/wire.ts';

import {
  CITATIONS_CITATION,
  CITATIONS_TEXTS,
  HTML_TEXT,
  MAX_TOKENS_TEXT,
  PAUSE_TURN_ANSWER,
  PAUSE_TURN_CITATION,
  PAUSE_TURN_SEARCH_INPUT,
  PAUSE_TURN_SEARCH_RESULTS,
  SCENARIO_FOLLOW_UP_USAGE,
  SCENARIO_TOOL_CALLS,
  SCENARIO_USAGE,
  TEXT_ANSWER,
  THINKING_ANSWER,
  THINKING_SIGNATURE,
  THINKING_TEXT,
  THINKING_TOOL_SIGNATURE,
  THINKING_TOOL_TEXT,
  TOOL_USE_INPUT,
  TOOL_USE_TEXT,
  UNICODE_TEXT,
  WEATHER_TEXT,
  markdownText,
  pacedText,
  readConversation,
  toolEchoText,
  toolLoopText,
} from './scenarios.ts';
import { countInputTokens, DEFAULT_FIXTURES_DIR, startFakeAnthropic } from './server.ts';
import type { FakeAnthropic, RequestLogEntry } from './server.ts';

let server: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  server = await startFakeAnthropic({ port: 0 });
  client = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(async () => {
  await fetch(`${server.url}/_log`, { method: 'DELETE' });
});

function params(text: string) {
  return { model: 'claude-sonnet-5-5', max_tokens: 1024, messages: [{ role: 'user' as const, content: text }] };
}

function textOf(content: readonly { type: string }[]): string {
  return content.map((block) => (block.type === 'text' && 'text' in block ? String(block.text) : '')).join('');
}

function lastEntry(): RequestLogEntry {
  const entry = server.requests().at(-1);
  if (!entry) throw new Error('no request logged');
  return entry;
}

/** Waits, by polling the condition (vi.waitFor), until `read` returns a value. */
async function until<T>(read: () => T | undefined, timeout = 2000): Promise<T> {
  return vi.waitFor(
    () => {
      const value = read();
      if (value === undefined) throw new Error('not yet');
      return value;
    },
    { timeout, interval: 10 },
  );
}

async function rawPost(body: unknown, headers: Record<string, string> = { 'x-api-key': 'k' }): Promise<Response> {
  return fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function parseSse(body: string): { event: string; data: Record<string, unknown> }[] {
  return body
    .split('\n\n')
    .filter((chunk) => chunk.trim())
    .map((chunk) => {
      const lines = chunk.split('\n');
      expect(lines[0]).toMatch(/^event: /);
      expect(lines[1]).toMatch(/^data: /);
      return { event: (lines[0] ?? '').slice(7), data: JSON.parse((lines[1] ?? '').slice(6)) as Record<string, unknown> };
    });
}

describe('prompt caching and effort', () => {
  it('logs the cache_control and output_config it was sent, and reports the cache writes under the lifetime asked for', async () => {
    const oneHour = await client.messages
      .stream({ ...params('cache me [[pace:0]]'), cache_control: { type: 'ephemeral', ttl: '1h' }, output_config: { effort: 'low' } })
      .finalMessage();
    expect(oneHour.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: SCENARIO_USAGE.text.cache_creation_input_tokens });
    expect(lastEntry()).toMatchObject({ cacheControl: { type: 'ephemeral', ttl: '1h' }, outputConfig: { effort: 'low' } });

    const fiveMinutes = await client.messages.stream({ ...params('cache me briefly [[pace:0]]'), cache_control: { type: 'ephemeral' } }).finalMessage();
    expect(fiveMinutes.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: SCENARIO_USAGE.text.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 });
    expect(lastEntry().outputConfig).toBeUndefined();
  });
});

describe('count_tokens', () => {
  const request = { model: 'claude-sonnet-5-5', system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Count me [[nonce:count-1]]' }] };

  it('answers the real wire shape with a count that grows with the conversation, and logs it apart from the messages', async () => {
    const counted = await client.messages.countTokens({ ...request, cache_control: { type: 'ephemeral', ttl: '1h' } });
    expect(counted).toEqual({ input_tokens: countInputTokens(request) });
    const longer = await client.messages.countTokens({
      ...request,
      messages: [...request.messages, { role: 'assistant', content: 'A long answer. '.repeat(40) }, { role: 'user', content: 'And?' }],
    });
    expect(longer.input_tokens).toBeGreaterThan(counted.input_tokens + 100);
    expect(server.tokenCounts()).toMatchObject([
      { nonce: 'count-1', model: 'claude-sonnet-5-5', messageCount: 1, inputTokens: counted.input_tokens, cacheControl: { type: 'ephemeral', ttl: '1h' }, status: 200 },
      { messageCount: 3, inputTokens: longer.input_tokens },
    ]);
    expect(server.requests()).toEqual([]);
    const logged = (await (await fetch(`${server.url}/_log`)).json()) as { tokenCounts: unknown[] };
    expect(logged.tokenCounts).toHaveLength(2);
  });

  it('refuses max_tokens and an empty conversation, as the real endpoint does', async () => {
    await expect(client.messages.countTokens({ ...request, max_tokens: 10 } as never)).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.messages.countTokens({ ...request, messages: [] })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('wire format', () => {
  it('streams event:/data: pairs with a ping after message_start and cumulative usage in message_delta', async () => {
    const res = await rawPost({ ...params('hello [[pace:0]]'), stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('request-id')).toMatch(/^req_\w{24}$/);
    const events = parseSse(await res.text());
    for (const { event, data } of events) expect(data.type).toBe(event);
    expect(events.map((e) => e.event).slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
    expect(events.map((e) => e.event).slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(events.at(-2)?.data.usage).toEqual(SCENARIO_USAGE.text);
    expect(events.at(-2)?.data.delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
  });

  it('records the request with redacted credentials and sub-millisecond timestamps', async () => {
    await client.messages.stream(params('log me [[pace:0]]')).finalMessage();
    const entry = lastEntry();
    expect(entry).toMatchObject({
      scenario: 'text',
      model: 'claude-sonnet-5-5',
      stream: true,
      userText: 'log me [[pace:0]]',
      outcome: 'completed',
      status: 200,
      usage: SCENARIO_USAGE.text,
      headers: { authorization: '<redacted>', 'anthropic-version': '2026-10-21' },
    });
    expect(JSON.stringify(server.requests())).not.toContain('test-key');
    expect(entry.receivedAt).toBeGreaterThan(Date.now() - 10_000);
    expect(entry.firstTextDeltaAt).toBeGreaterThanOrEqual(entry.receivedAt);
    expect(entry.endedAt).toBeGreaterThanOrEqual(entry.lastEventAt ?? Infinity);
    const logged = (await (await fetch(`${server.url}/_log`)).json()) as { requests: RequestLogEntry[] };
    expect(logged.requests.map((r) => r.requestId)).toEqual([entry.requestId]);
  });
});

describe('attachments', () => {
  it('accepts image and document blocks and logs them with their decoded size, in order', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
    const pdf = Buffer.from('%PDF-1.4\n').toString('base64');
    const message = await client.messages
      .stream({
        model: 'claude-sonnet-5-5',
        max_tokens: 1024,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf }, title: 'paper.pdf' },
              { type: 'text', text: 'what are these? [[pace:0]]' },
            ],
          },
        ],
      })
      .finalMessage();
    expect(textOf(message.content)).toBe(TEXT_ANSWER);
    expect(lastEntry().userBlocks).toEqual([
      { type: 'image', mediaType: 'image/png', bytes: 8 },
      { type: 'document', mediaType: 'application/pdf', bytes: 9, title: 'paper.pdf' },
      { type: 'text' },
    ]);
  });
});

describe('streaming scenarios through the SDK', () => {
  const cases: { directive: string; text: string; stop: string; usage: object }[] = [
    { directive: '', text: TEXT_ANSWER, stop: 'end_turn', usage: SCENARIO_USAGE.text },
    { directive: '[[scenario:paced]] [[words:57]]', text: pacedText(57), stop: 'end_turn', usage: { input_tokens: SCENARIO_USAGE.paced.input_tokens } },
    { directive: '[[scenario:unicode]]', text: UNICODE_TEXT, stop: 'end_turn', usage: SCENARIO_USAGE.unicode },
    { directive: '[[scenario:markdown]]', text: markdownText(), stop: 'end_turn', usage: SCENARIO_USAGE.markdown },
    { directive: '[[scenario:html]]', text: HTML_TEXT, stop: 'end_turn', usage: SCENARIO_USAGE.html },
    { directive: '[[scenario:max-tokens]]', text: MAX_TOKENS_TEXT, stop: 'max_tokens', usage: SCENARIO_USAGE['max-tokens'] },
    { directive: '[[scenario:slow-first-token]] [[delay:20]]', text: TEXT_ANSWER, stop: 'end_turn', usage: SCENARIO_USAGE['slow-first-token'] },
  ];

  it.each(cases)('$directive', async ({ directive, text, stop, usage }) => {
    const message = await client.messages.stream(params(`go ${directive} [[pace:0]]`)).finalMessage();
    expect(textOf(message.content)).toBe(text);
    expect(message.stop_reason).toBe(stop);
    expect(message.usage).toMatchObject(usage);
    expect(lastEntry().usage).toEqual({ ...message.usage, ...lastEntry().usage });
  });

  it('unicode deltas are irregular, split words, and never split a surrogate pair', async () => {
    const stream = await client.messages.create({ ...params('[[scenario:unicode]] [[pace:0]]'), stream: true });
    const deltas: string[] = [];
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') deltas.push(event.delta.text);
    }
    expect(deltas.join('')).toBe(UNICODE_TEXT);
    expect(new Set(deltas.map((d) => Array.from(d).length)).size).toBeGreaterThan(3);
    expect(deltas.some((d) => /\w$/.test(d))).toBe(true);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const delta of deltas) expect(delta).not.toMatch(loneSurrogate);
  });

  it('tool-use streams input_json_delta pieces the SDK assembles', async () => {
    const stream = client.messages.stream(params('[[scenario:tool-use]] [[pace:0]]'));
    const partials: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') partials.push(event.delta.partial_json);
    });
    const message = await stream.finalMessage();
    expect(partials[0]).toBe('');
    expect(partials.length).toBeGreaterThan(3);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject(SCENARIO_USAGE['tool-use']);
    const [text, tool] = message.content;
    expect(text).toMatchObject({ type: 'text', text: TOOL_USE_TEXT });
    expect(tool).toMatchObject({ type: 'tool_use', name: 'get_weather', input: TOOL_USE_INPUT });
    expect(tool?.type === 'tool_use' && tool.id).toMatch(/^toolu_/);
  });

  it('thinking streams a thinking block with a signature, then text', async () => {
    const message = await client.messages.stream(params('[[scenario:thinking]] [[pace:0]]')).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: THINKING_TEXT, signature: THINKING_SIGNATURE });
    expect(message.content[1]).toMatchObject({ type: 'text', text: THINKING_ANSWER });
    expect(message.usage).toMatchObject(SCENARIO_USAGE.thinking);
  });

  it('slow-first-token waits before the first text delta', async () => {
    await client.messages.stream(params('[[scenario:slow-first-token]] [[delay:150]] [[pace:0]]')).finalMessage();
    const entry = lastEntry();
    expect((entry.firstTextDeltaAt ?? 0) - entry.receivedAt).toBeGreaterThanOrEqual(140);
  });

  it('answers without stream as a JSON Message', async () => {
    const text = await client.messages.create(params('plain [[pace:0]]'));
    expect(text).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-5-5',
      content: [{ type: 'text', text: TEXT_ANSWER }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: SCENARIO_USAGE.text,
    });
    expect(text.id).toMatch(/^msg_/);
    expect(text._request_id).toMatch(/^req_/);
    const tool = await client.messages.create(params('[[scenario:tool-use]]'));
    expect(tool.content[1]).toMatchObject({ type: 'tool_use', input: TOOL_USE_INPUT });
    expect(lastEntry()).toMatchObject({ stream: false, outcome: 'completed', status: 200 });
  });
});

describe('benchmark directives', () => {
  it('[[marker:W]] starts and ends the answer with W, and [[trace:1]] logs when every text delta was written', async () => {
    const stream = client.messages.stream(params('[[scenario:paced]] [[words:10]] [[pace:0]] [[marker:Mk1]] [[trace:1]]'));
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(textOf(message.content)).toBe(`Mk1 ${pacedText(10)}\n\nMk1`);
    const entry = await until(() => (lastEntry().outcome === 'completed' ? lastEntry() : undefined));
    expect(entry.textDeltaAts).toHaveLength(deltas.length);
    expect(entry.textDeltaAts?.[0]).toBe(entry.firstTextDeltaAt);
    expect(entry.textDeltaAts).toEqual([...(entry.textDeltaAts ?? [])].sort((a, b) => a - b));
  });

  it('logs no delta times without [[trace:1]]', async () => {
    await client.messages.create(params('[[scenario:paced]] [[words:4]] [[pace:0]]'));
    expect(lastEntry().textDeltaAts).toBeUndefined();
  });
});

describe('fixtures', () => {
  const files = readdirSync(DEFAULT_FIXTURES_DIR).sort();
  const malformed = new Set(['duplicate-message-start.sse', 'spliced-message-start.sse']);

  it('replays every fixture byte for byte', async () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const res = await rawPost({ ...params(`[[scenario:fixture]] [[fixture:${file}]] [[pace:0]]`), stream: true });
      expect(res.status, file).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(readFileSync(join(DEFAULT_FIXTURES_DIR, file))), file).toBe(true);
    }
  });

  it.each(files.filter((f) => !malformed.has(f)))('the SDK parses %s', async (file) => {
    const message = await client.messages.stream(params(`[[scenario:fixture]] [[fixture:${file}]] [[pace:0]]`)).finalMessage();
    expect(message.stop_reason).toBeTruthy();
    const entry = lastEntry();
    expect(entry.outcome).toBe('completed');
    expect(entry.usage?.output_tokens).toBe(message.usage.output_tokens);
    expect(entry.usage?.input_tokens).toBe(message.usage.input_tokens);
  });

  it('takes usage from the replayed events', async () => {
    const message = await client.messages.stream(params('[[scenario:fixture]] [[fixture:basic_response.txt]] [[pace:0]]')).finalMessage();
    expect(textOf(message.content)).toBe('Hello there!');
    expect(lastEntry().usage).toEqual({ input_tokens: 11, output_tokens: 6, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it.each(['../package.json', 'a/b.sse', '..', 'missing.sse'])('rejects fixture %s with 400', async (file) => {
    const error = await client.messages.create(params(`[[scenario:fixture]] [[fixture:${file}]]`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).type).toBe('invalid_request_error');
  });
});

describe('errors', () => {
  const cases = [
    { scenario: 'unauthorized', cls: AuthenticationError, status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
    { scenario: 'forbidden', cls: PermissionDeniedError, status: 403, type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
    { scenario: 'rate-limited', cls: RateLimitError, status: 429, type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
    { scenario: 'overloaded', cls: OverloadedError, status: 529, type: 'overloaded_error', message: 'Overloaded' },
    { scenario: 'bad-request', cls: BadRequestError, status: 400, type: 'invalid_request_error', message: 'messages.0.content: text content blocks must be non-empty' },
  ];

  it.each(cases)('$scenario → $status $type', async ({ scenario, cls, status, type, message }) => {
    const error = await client.messages.create({ ...params(`[[scenario:${scenario}]]`), stream: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    const apiError = error as APIError;
    expect(apiError.status).toBe(status);
    expect(apiError.type).toBe(type);
    expect(apiError.apiMessage).toBe(message);
    expect(apiError.requestID).toMatch(/^req_/);
    expect(lastEntry()).toMatchObject({ outcome: 'error-response', status, scenario, requestId: apiError.requestID });
    if (status === 429) expect(apiError.headers?.get('retry-after')).toBe('7');
    if (status === 529) expect(apiError.headers?.get('retry-after')).toBe('1');
  });

  it('[[retry-after:N]] overrides rate-limited retry-after', async () => {
    const error = (await client.messages.create(params('[[scenario:rate-limited]] [[retry-after:42]]')).catch((e: unknown) => e)) as APIError;
    expect(error.headers?.get('retry-after')).toBe('42');
  });

  it('names an unknown scenario', async () => {
    const error = await client.messages.create(params('[[scenario:nope]]')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).apiMessage).toContain('"nope"');
  });

  it('rate-limit-then-ok succeeds through the SDK retry', async () => {
    const retrying = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 2 });
    const nonce = `n-${Math.random()}`;
    const message = await retrying.messages.stream(params(`[[scenario:rate-limit-then-ok]] [[nonce:${nonce}]] [[pace:0]]`)).finalMessage();
    expect(textOf(message.content)).toBe(TEXT_ANSWER);
    expect(message.usage).toMatchObject(SCENARIO_USAGE['rate-limit-then-ok']);
    const entries = server.requests().filter((r) => r.nonce === nonce);
    expect(entries.map((e) => [e.status, e.outcome])).toEqual([
      [429, 'error-response'],
      [200, 'completed'],
    ]);
    expect(entries[1]?.headers['x-stainless-retry-count']).toBe('1');
    expect((entries[1]?.receivedAt ?? 0) - (entries[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('overloaded-midstream: partial text, then an SDK APIError of type overloaded_error', async () => {
    const stream = await client.messages.create({ ...params('[[scenario:overloaded-midstream]] [[pace:0]]'), stream: true });
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') deltas.push(event.delta.text);
      }
    })().catch((e: unknown) => e);
    expect(deltas.length).toBeGreaterThanOrEqual(6);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe('overloaded_error');
    expect((error as APIError).status).toBeUndefined();
    expect(lastEntry()).toMatchObject({ outcome: 'error-response', status: 200, usage: SCENARIO_USAGE['overloaded-midstream'] });
  });

  it('drop: partial text, then the connection dies', async () => {
    const stream = await client.messages.create({ ...params('[[scenario:drop]] [[pace:0]]'), stream: true });
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') deltas.push(event.delta.text);
      }
    })().catch((e: unknown) => e);
    expect(deltas.length).toBeGreaterThanOrEqual(6);
    expect(error).toBeInstanceOf(Error);
    expect(lastEntry()).toMatchObject({ outcome: 'dropped', status: 200 });
  });

  it('rejects requests without credentials, invalid JSON, bad directives and unknown paths', async () => {
    const noAuth = await rawPost(params('hi'), {});
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('request-id')).toMatch(/^req_/);
    expect(await noAuth.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });

    const badJson = await rawPost('{"model":');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');

    const badDirective = await rawPost(params('[[pace:fast]]'));
    expect(badDirective.status).toBe(400);

    const notFound = await fetch(`${server.url}/v1/nope`, { headers: { 'x-api-key': 'k' } });
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { type: string } }).error.type).toBe('not_found_error');

    const models = await fetch(`${server.url}/v1/models`);
    expect(models.status).toBe(401);
  });
});

describe('client disconnect', () => {
  it('records the disconnect when the SDK aborts an endless stream, and stops writing', async () => {
    const controller = new AbortController();
    const stream = await client.messages.create(
      { ...params('[[scenario:endless]] [[pace:5]]'), stream: true },
      { signal: controller.signal },
    );
    const ticks: string[] = [];
    const result = await (async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          ticks.push(event.delta.text);
          if (ticks.length === 3) controller.abort();
        }
      }
    })().catch((e: unknown) => e);
    expect(result === undefined || result instanceof Error).toBe(true);
    expect(ticks.slice(0, 3)).toEqual(['tick 1 ', 'tick 2 ', 'tick 3 ']);

    const entry = await until(() => server.requests().find((r) => r.scenario === 'endless' && r.outcome !== 'streaming'));
    expect(entry.outcome).toBe('client-disconnected');
    expect(entry.clientDisconnectedAt).toBeGreaterThan(entry.receivedAt);
    expect(entry.lastEventAt).toBeLessThanOrEqual(entry.clientDisconnectedAt ?? 0);
  });
});

describe('other endpoints', () => {
  it('lists models through the SDK', async () => {
    const page = await client.models.list();
    expect(page.data.map((m) => [m.id, m.display_name])).toEqual([
      ['claude-opus-5-5', 'Claude Opus 5.5'],
      ['claude-sonnet-5-5', 'Claude Sonnet 5.5'],
      ['claude-haiku-5-5', 'Claude Haiku 5.5'],
    ]);
    expect(page.has_more).toBe(false);
  });

  it('serves /_health and clears /_log', async () => {
    const health = await fetch(`${server.url}/_health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    await client.messages.create(params('[[pace:0]]'));
    expect(server.requests()).toHaveLength(1);
    expect((await fetch(`${server.url}/_log`, { method: 'DELETE' })).status).toBe(204);
    expect(server.requests()).toHaveLength(0);
  });
});

describe('scenario texts', () => {
  it('markdown scales to 10,000 words with balanced code fences', () => {
    const text = markdownText(10_000);
    expect(text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(10_000);
    expect((text.match(/^```/gm) ?? []).length % 2).toBe(0);
    const base = markdownText();
    const words = base.split(/\s+/).filter(Boolean).length;
    expect(words).toBeGreaterThan(500);
    expect(words).toBeLessThan(700);
    for (const needle of ['```ts', '```python', '| --- |', '> ', '1. ', '- ', '](https://example.com)', '`inline code`', '## ']) {
      expect(base).toContain(needle);
    }
  });

  it('paced produces exactly N words in paragraphs', () => {
    const text = pacedText(300);
    expect(text.split(/\s+/).filter(Boolean)).toHaveLength(300);
    expect(text).toContain('\n\n');
  });
});

describe('continuing an answer', () => {
  const question = '[[scenario:paced]] [[words:40]] [[pace:0]]';
  // Claude 4.5 and earlier take a prefill; the fake's own models, 5.x like every model since 4.6, refuse one.
  const OLDER_MODEL = 'claude-sonnet-4-5';

  it('paced, prefilled with the start of its answer by a model that takes a prefill, writes only the rest, and logs it', async () => {
    const whole = textOf((await client.messages.create(params(question))).content);
    const start = whole.slice(0, whole.indexOf(' ', 60));
    const rest = await client.messages.create({
      ...params(question),
      model: OLDER_MODEL,
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: [{ type: 'text', text: start }] },
      ],
    });
    expect(start + textOf(rest.content)).toBe(whole);
    expect(lastEntry()).toMatchObject({ lastMessageRole: 'assistant', prefill: start, continues: start });
  });

  it('refuses a prefill to a model from Claude 4.6 on, as the real API does', async () => {
    const response = await rawPost({
      ...params(question),
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: 'Once upon a time' },
      ],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'This model does not support assistant message prefill. The conversation must end with a user message.' },
    });
  });

  it('refuses a prefill that ends in whitespace, as the real API does', async () => {
    const response = await rawPost({
      ...params('[[scenario:paced]]'),
      model: OLDER_MODEL,
      messages: [
        { role: 'user', content: '[[scenario:paced]]' },
        { role: 'assistant', content: 'Once upon a time ' },
      ],
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'messages: final assistant content cannot end with trailing whitespace' } });
  });

  it("told to go on by Rill's instruction after its cut-off answer, writes the rest, with the question's directives", async () => {
    const whole = textOf((await client.messages.create(params(question))).content);
    const start = whole.slice(0, whole.indexOf(' ', 60) + 1);
    const rest = await client.messages.create({
      ...params(question),
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: [{ type: 'text', text: start }] },
        { role: 'user', content: [{ type: 'text', text: CONTINUE_INSTRUCTION }] },
      ],
    });
    expect(start + textOf(rest.content)).toBe(whole);
    const entry = lastEntry();
    expect(entry).toMatchObject({ lastMessageRole: 'user', continues: start, userText: question, scenario: 'paced' });
    expect(entry.prefill).toBeUndefined();
  });
});

describe('agent loop scenarios', () => {
  type Message = Anthropic.Message;
  type MessageParam = Anthropic.MessageParam;
  type ToolResult = { tool_use_id: string; content: string | { type: 'text'; text: string }[]; is_error?: boolean };

  const FAST = '[[pace:0]] [[input-pace:0]]';

  function ask(messages: MessageParam[], extra: Partial<Anthropic.MessageCreateParamsStreaming> = {}) {
    return client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 1024, messages, ...extra }).finalMessage();
  }

  function toolUses(message: Message) {
    return message.content.flatMap((block) => (block.type === 'tool_use' ? [block] : []));
  }

  /** The conversation Rill sends after running the tools: the assistant turn unchanged, then the results. */
  function followUp(history: MessageParam[], assistant: Message, results: ToolResult[]): MessageParam[] {
    return [
      ...history,
      { role: 'assistant', content: assistant.content as Anthropic.ContentBlockParam[] },
      { role: 'user', content: results.map((r) => ({ type: 'tool_result' as const, ...r })) },
    ];
  }

  function okResults(message: Message): ToolResult[] {
    return toolUses(message).map((tool) => ({ tool_use_id: tool.id, content: JSON.stringify({ ok: tool.name }) }));
  }

  function echoLines(lines: string[]): string {
    return `Here is what the tools returned:\n\n${lines.join('\n')}\n\nDone.`;
  }

  it('weather: text, then a tool_use whose input streams in pieces; the follow-up echoes the results', async () => {
    const history: MessageParam[] = [{ role: 'user', content: `What is the weather? [[scenario:weather]] [[nonce:w1]] ${FAST}` }];
    const stream = client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 1024, messages: history });
    const partials: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') partials.push(event.delta.partial_json);
    });
    const first = await stream.finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    expect(first.usage).toMatchObject(SCENARIO_USAGE.weather);
    expect(first.content).toHaveLength(2);
    expect(first.content[0]).toMatchObject({ type: 'text', text: WEATHER_TEXT });
    expect(first.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { location: 'Paris', unit: 'celsius' } });
    expect(partials[0]).toBe('');
    expect(partials.length).toBe(9);
    const [tool] = toolUses(first);
    expect(tool?.id).toMatch(/^toolu_[A-Za-z0-9]{24}$/);

    const content = JSON.stringify({ location: 'Paris', temperature: 18.5, unit: 'celsius' });
    const second = await ask(followUp(history, first, [{ tool_use_id: tool?.id ?? '', content }]));
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: echoLines([`- ok ${tool?.id}: ${content}`]) }]);
    expect(second.usage).toMatchObject(SCENARIO_FOLLOW_UP_USAGE.weather);

    const [a, b] = server.requests();
    expect(a).toMatchObject({ scenario: 'weather', nonce: 'w1', step: 1, toolResults: [], lastMessageRole: 'user', assistantBlockTypes: [] });
    expect(b).toMatchObject({
      scenario: 'weather',
      nonce: 'w1',
      userText: history[0]?.content,
      step: 2,
      toolResults: [{ tool_use_id: tool?.id, is_error: false, content }],
      lastMessageRole: 'user',
      assistantBlockTypes: [['text', 'tool_use']],
      usage: SCENARIO_FOLLOW_UP_USAGE.weather,
    });
  });

  it('weather: [[input-pace:MS]] paces the input_json_delta events', async () => {
    const stream = client.messages.stream(params('[[scenario:weather]] [[pace:0]] [[input-pace:15]]'));
    const times: number[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') times.push(performance.now());
    });
    await stream.finalMessage();
    expect(times).toHaveLength(9);
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(8 * 15 - 10);
  });

  it('mcp-tool: calls the offered tool that ends in __<tool> with the given input, echoes its result, and says when none is offered', async () => {
    const tools = ['get_weather', 'notes__add_note', 'notes__lookup_note'].map((name) => ({ name, input_schema: { type: 'object' as const } }));
    const history: MessageParam[] = [{ role: 'user', content: `[[scenario:mcp-tool]] [[tool:add_note]] [[input:{"text":"milk"}]] ${FAST}` }];
    const first = await ask(history, { tools });
    expect(first.stop_reason).toBe('tool_use');
    expect(toolUses(first).map((t) => [t.name, t.input])).toEqual([['notes__add_note', { text: 'milk' }]]);
    const call = toolUses(first)[0];
    const second = await ask(followUp(history, first, [{ tool_use_id: call?.id ?? '', content: 'Saved note 1: milk' }]), { tools });
    expect(textOf(second.content)).toBe(echoLines([`- ok ${call?.id}: Saved note 1: milk`]));
    expect(lastEntry().tools).toEqual(tools.map((tool) => tool.name));

    const missing = await ask(history, { tools: tools.slice(0, 1) });
    expect(textOf(missing.content)).toBe('No tool named add_note is available to me.');
  });

  it('parallel-tools: two tool_use blocks in one turn; the echo keeps their order, flattens text blocks and truncates', async () => {
    const history: MessageParam[] = [{ role: 'user', content: `[[scenario:parallel-tools]] ${FAST}` }];
    const first = await ask(history);
    expect(first.stop_reason).toBe('tool_use');
    expect(first.usage).toMatchObject(SCENARIO_USAGE['parallel-tools']);
    expect(first.content.map((b) => b.type)).toEqual(['tool_use', 'tool_use']);
    expect(toolUses(first).map((t) => [t.name, t.input])).toEqual([
      ['get_current_time', { timezone: 'Asia/Tokyo' }],
      ['calculate', { expression: '2^64' }],
    ]);
    expect(toolUses(first).map((t) => ({ name: t.name, input: t.input }))).toEqual(SCENARIO_TOOL_CALLS['parallel-tools']);
    const [time, calc] = toolUses(first);
    expect(time?.id).not.toBe(calc?.id);

    const long = 'x'.repeat(450);
    const second = await ask(
      followUp(history, first, [
        { tool_use_id: time?.id ?? '', content: [{ type: 'text', text: 'line one' }, { type: 'text', text: 'line two' }] },
        { tool_use_id: calc?.id ?? '', content: long },
      ]),
    );
    expect(textOf(second.content)).toBe(
      echoLines([`- ok ${time?.id}: line one\nline two`, `- ok ${calc?.id}: ${'x'.repeat(400)}`]),
    );
    expect(second.usage).toMatchObject(SCENARIO_FOLLOW_UP_USAGE['parallel-tools']);
    expect(lastEntry().toolResults.map((r) => r.content)).toEqual(['line one\nline two', long]);
  });

  it('tool-errors: invalid input, an unknown tool and a bad timezone; error results echo as "error"', async () => {
    const history: MessageParam[] = [{ role: 'user', content: `[[scenario:tool-errors]] ${FAST}` }];
    const first = await ask(history);
    expect(first.stop_reason).toBe('tool_use');
    expect(first.usage).toMatchObject(SCENARIO_USAGE['tool-errors']);
    expect(toolUses(first).map((t) => [t.name, t.input])).toEqual([
      ['calculate', { expr: 42 }],
      ['launch_rockets', { target: 'moon' }],
      ['get_current_time', { timezone: 'Mars/Olympus_Mons' }],
    ]);
    const results = toolUses(first).map((t) => ({ tool_use_id: t.id, content: `Error: ${t.name} failed`, is_error: true }));
    const second = await ask(followUp(history, first, results));
    expect(textOf(second.content)).toBe(echoLines(results.map((r) => `- error ${r.tool_use_id}: ${r.content}`)));
    expect(textOf(second.content)).toBe(toolEchoText(results.map((r) => ({ ...r, is_error: true }))));
    expect(lastEntry().toolResults.every((r) => r.is_error)).toBe(true);
  });

  it('tool-loop: asks for the time again on every step', async () => {
    let messages: MessageParam[] = [{ role: 'user', content: `[[scenario:tool-loop]] ${FAST}` }];
    for (let step = 1; step <= 3; step++) {
      const message = await ask(messages);
      expect(message.stop_reason).toBe('tool_use');
      expect(message.usage).toMatchObject(SCENARIO_USAGE['tool-loop']);
      expect(message.content[0]).toMatchObject({ type: 'text', text: toolLoopText(step) });
      expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'get_current_time', input: { timezone: 'UTC' } });
      expect(lastEntry().step).toBe(step);
      messages = followUp(messages, message, okResults(message));
    }
    expect(toolLoopText(2)).toBe('Step 2: checking the time again.');
  });

  it('slow-tool: asks for the weather in Slowtown; the follow-up echoes', async () => {
    const history: MessageParam[] = [{ role: 'user', content: `[[scenario:slow-tool]] ${FAST}` }];
    const first = await ask(history);
    expect(first.stop_reason).toBe('tool_use');
    expect(first.usage).toMatchObject(SCENARIO_USAGE['slow-tool']);
    expect(first.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'get_weather', input: { location: 'Slowtown' } })]);
    const results = okResults(first);
    const second = await ask(followUp(history, first, results));
    expect(textOf(second.content)).toBe(echoLines([`- ok ${results[0]?.tool_use_id}: ${results[0]?.content}`]));
    expect(second.usage).toMatchObject(SCENARIO_FOLLOW_UP_USAGE['slow-tool']);
  });

  it('thinking-tool: the follow-up is refused unless the thinking block comes back unmodified', async () => {
    const history: MessageParam[] = [{ role: 'user', content: `[[scenario:thinking-tool]] ${FAST}` }];
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const first = await ask(history, { thinking, max_tokens: 4096 });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.usage).toMatchObject(SCENARIO_USAGE['thinking-tool']);
    expect(first.content[0]).toEqual({ type: 'thinking', thinking: THINKING_TOOL_TEXT, signature: THINKING_TOOL_SIGNATURE });
    expect(first.content[1]).toMatchObject({ type: 'tool_use', name: 'calculate', input: { expression: 'sqrt(2)*3' } });
    expect(lastEntry()).toMatchObject({ thinking, maxTokens: 4096 });
    const results = okResults(first);

    const withoutThinking = { ...first, content: first.content.filter((b) => b.type !== 'thinking') };
    const modified = {
      ...first,
      content: first.content.map((b) => (b.type === 'thinking' ? { ...b, signature: `${b.signature}x` } : b)),
    };
    for (const assistant of [withoutThinking, modified]) {
      const error = await ask(followUp(history, assistant, results), { thinking }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as APIError).type).toBe('invalid_request_error');
      expect((error as APIError).apiMessage).toBe(
        'messages.1.content.0: thinking blocks in the latest assistant turn must be passed back unmodified, with their signature.',
      );
      expect(lastEntry()).toMatchObject({ status: 400, outcome: 'error-response', scenario: 'thinking-tool', step: 2 });
    }

    const second = await ask(followUp(history, first, results), { thinking });
    expect(textOf(second.content)).toBe(echoLines([`- ok ${results[0]?.tool_use_id}: ${results[0]?.content}`]));
    expect(second.usage).toMatchObject(SCENARIO_FOLLOW_UP_USAGE['thinking-tool']);
    expect(lastEntry()).toMatchObject({ status: 200, assistantBlockTypes: [['thinking', 'tool_use']], thinking });
  });

  it('pause-turn: a server tool call and its result, stop_reason pause_turn; the continuation cites a result', async () => {
    const history: MessageParam[] = [{ role: 'user', content: `[[scenario:pause-turn]] ${FAST}` }];
    const first = await ask(history);
    expect(first.stop_reason).toBe('pause_turn');
    expect(first.usage).toMatchObject(SCENARIO_USAGE['pause-turn']);
    const [call, result] = first.content;
    expect(call).toMatchObject({ type: 'server_tool_use', name: 'web_search', input: PAUSE_TURN_SEARCH_INPUT });
    const id = call?.type === 'server_tool_use' ? call.id : '';
    expect(id).toMatch(/^srvtoolu_[A-Za-z0-9]{24}$/);
    expect(result).toEqual({ type: 'web_search_tool_result', tool_use_id: id, content: PAUSE_TURN_SEARCH_RESULTS });

    const messages: MessageParam[] = [...history, { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] }];
    const second = await ask(messages);
    expect(second.stop_reason).toBe('end_turn');
    expect(second.usage).toMatchObject(SCENARIO_FOLLOW_UP_USAGE['pause-turn']);
    expect(second.content).toEqual([{ type: 'text', text: PAUSE_TURN_ANSWER, citations: [PAUSE_TURN_CITATION] }]);
    expect(PAUSE_TURN_CITATION).toMatchObject({ url: 'https://example.com/rill', title: 'Rill streaming' });
    expect(lastEntry()).toMatchObject({
      scenario: 'pause-turn',
      step: 2,
      lastMessageRole: 'assistant',
      toolResults: [],
      assistantBlockTypes: [['server_tool_use', 'web_search_tool_result']],
    });

    const plain = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 1024, messages });
    expect(plain.content).toEqual(second.content);
  });

  it('citations: three text blocks, the middle one with a citation', async () => {
    const message = await ask([{ role: 'user', content: `[[scenario:citations]] ${FAST}` }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject(SCENARIO_USAGE.citations);
    expect(message.content).toEqual([
      { type: 'text', text: 'According to the docs, ' },
      { type: 'text', text: 'streams are sent as Server-Sent Events', citations: [CITATIONS_CITATION] },
      { type: 'text', text: '.' },
    ]);
    expect(CITATIONS_TEXTS.join('')).toBe('According to the docs, streams are sent as Server-Sent Events.');
    expect(CITATIONS_CITATION).toMatchObject({ url: 'https://example.com/docs', title: 'Docs' });
    const plain = await client.messages.create(params('[[scenario:citations]]'));
    expect(plain.content).toEqual(message.content);
  });

  it('takes directives from the last user message with text, not from a tool_result-only message', async () => {
    const history: MessageParam[] = [
      { role: 'user', content: '[[scenario:html]] an earlier question' },
      { role: 'assistant', content: 'An earlier answer.' },
      { role: 'user', content: [{ type: 'text', text: `first part [[scenario:weather]]` }, { type: 'text', text: `[[nonce:dir-1]] ${FAST}` }] },
    ];
    const first = await ask(history);
    expect(lastEntry()).toMatchObject({ scenario: 'weather', nonce: 'dir-1', step: 1, userText: `first part [[scenario:weather]]\n[[nonce:dir-1]] ${FAST}` });

    const messages = followUp(history, first, okResults(first));
    const second = await ask(messages);
    expect(textOf(second.content)).toMatch(/^Here is what the tools returned:/);
    expect(lastEntry()).toMatchObject({
      scenario: 'weather',
      nonce: 'dir-1',
      step: 2,
      userText: `first part [[scenario:weather]]\n[[nonce:dir-1]] ${FAST}`,
      assistantBlockTypes: [['text'], ['text', 'tool_use']],
    });

    // A user message with tool results *and* text is a text-bearing message: its directives win.
    const last = messages.at(-1);
    const mixed: MessageParam[] = [
      ...messages.slice(0, -1),
      { role: 'user', content: [...(last?.content as Anthropic.ContentBlockParam[]), { type: 'text', text: '[[scenario:citations]] [[pace:0]]' }] },
    ];
    const third = await ask(mixed);
    expect(third.content).toHaveLength(3);
    expect(lastEntry()).toMatchObject({ scenario: 'citations', step: 1, userText: '[[scenario:citations]] [[pace:0]]' });
    expect(lastEntry().toolResults).toHaveLength(1);
  });

  it('logs tools, thinking, max_tokens and the shape of the conversation', async () => {
    await ask([{ role: 'user', content: '[[pace:0]]' }], {
      max_tokens: 321,
      tools: [
        { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } },
        { name: 'calculate', description: 'Math', input_schema: { type: 'object', properties: {} } },
      ],
    });
    const entry = lastEntry();
    expect(entry).toMatchObject({ tools: ['get_weather', 'calculate'], maxTokens: 321, lastMessageRole: 'user', step: 1, toolResults: [], assistantBlockTypes: [] });
    expect('thinking' in entry).toBe(false);

    const bad = await rawPost({ model: 'm', messages: [] });
    expect(bad.status).toBe(400);
    expect(lastEntry()).toMatchObject({ maxTokens: 0, tools: [], step: 1, userText: '' });
  });

  it('readConversation counts steps from the last user message with text', () => {
    const tool = (id: string) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'x' }] });
    const assistant = { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: {} }] };
    expect(readConversation([{ role: 'user', content: 'q' }, assistant, tool('a'), assistant, tool('b')])).toMatchObject({
      textIndex: 0,
      userText: 'q',
      step: 3,
      finalUserIndex: 4,
      toolResults: [{ tool_use_id: 'b', is_error: false, content: 'x' }],
    });
    expect(readConversation([{ role: 'user', content: 'old' }, assistant, { role: 'user', content: 'new' }, assistant, tool('c')])).toMatchObject({
      textIndex: 2,
      userText: 'new',
      step: 2,
    });
    expect(readConversation(undefined)).toMatchObject({ textIndex: -1, userText: '', step: 1, lastMessageRole: 'user', toolResults: [] });
  });
});
