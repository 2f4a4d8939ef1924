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
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  HTML_TEXT,
  MAX_TOKENS_TEXT,
  SCENARIO_USAGE,
  TEXT_ANSWER,
  THINKING_ANSWER,
  THINKING_SIGNATURE,
  THINKING_TEXT,
  TOOL_USE_INPUT,
  TOOL_USE_TEXT,
  UNICODE_TEXT,
  markdownText,
  pacedText,
} from './scenarios.ts';
import { DEFAULT_FIXTURES_DIR, startFakeAnthropic } from './server.ts';
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

async function until<T>(read: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(lastEntry().lastEventAt).toBe(entry.lastEventAt);
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
