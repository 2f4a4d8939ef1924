import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic, { APIConnectionError, APIUserAbortError, RateLimitError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch, takeNodeBody } from './transport';
import { upstreamStream } from './upstream-stream';

let server: Server;
let origin: string;
let handle: (req: IncomingMessage, res: ServerResponse, body: string) => void;
const closed: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handle(req, res, body));
    res.on('close', () => closed.push(req.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new Anthropic({ apiKey: 'test-key', baseURL: origin, maxRetries: 0, fetch: nodeFetch });

describe("the upstream client's transport", () => {
  it('sends the method, headers and body, and gives the status, headers and body back', async () => {
    handle = (req, res, body) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-seen': `${req.method} ${req.headers['x-test']} ${req.headers['content-length']}` });
      res.end(JSON.stringify({ echoed: body }));
    };
    const response = await nodeFetch(`${origin}/echo`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'héllo' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen')).toBe('POST yes 6');
    expect(await response.json()).toEqual({ echoed: 'héllo' });
  });

  it("serves the SDK: a JSON call, and an HTTP error as the SDK's own error", async () => {
    handle = (req, res) => {
      if (req.url === '/v1/models?limit=1') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ id: 'claude-a', display_name: 'A', type: 'model', created_at: '2026-01-01T00:00:00Z' }], has_more: false, first_id: 'claude-a', last_id: 'claude-a' }));
        return;
      }
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'Slow down' } }));
    };
    const page = await client().models.list({ limit: 1 });
    expect(page.data.map((model) => model.id)).toEqual(['claude-a']);
    const error = await client()
      .messages.create({ model: 'claude-a', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error' });
  });

  it('hands the body over as the socket’s own stream, after which the web body cannot be read', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('one ');
      res.end('two');
    };
    const response = await nodeFetch(`${origin}/stream`);
    const incoming = takeNodeBody(response)!;
    let text = '';
    for await (const chunk of incoming) text += String(chunk);
    expect(text).toBe('one two');
    expect(takeNodeBody(response)).toBeUndefined();
    await expect(response.text()).rejects.toThrow(/takeNodeBody/);

    const read = await nodeFetch(`${origin}/stream`);
    expect(await read.text()).toBe('one two');
    expect(takeNodeBody(read)).toBeUndefined();
  });

  it('aborts a request waiting for its answer, and one whose body is being read, closing the connection', async () => {
    handle = (req, res) => {
      if (req.url === '/slow-head') return; // never answers
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('first');
    };
    const waiting = new AbortController();
    const pending = nodeFetch(`${origin}/slow-head`, { signal: waiting.signal });
    waiting.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    const reading = new AbortController();
    const response = await nodeFetch(`${origin}/slow-body`, { signal: reading.signal });
    const incoming = takeNodeBody(response)!;
    const chunks: string[] = [];
    const done = (async () => {
      for await (const chunk of incoming) {
        chunks.push(String(chunk));
        reading.abort();
      }
    })();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toEqual(['first']);
    await expect.poll(() => closed.includes('/slow-body')).toBe(true);

    const stopped = new AbortController();
    const call = client().messages.create({ model: 'claude-a', max_tokens: 8, messages: [] }, { signal: stopped.signal });
    stopped.abort();
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('reports a connection that breaks before the body is read to its reader as a dropped connection', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: message_start\ndata: {"type":"message_start"}\n\n');
      setImmediate(() => res.socket?.destroy());
    };
    const response = await nodeFetch(`${origin}/breaks`);
    await expect.poll(() => closed.includes('/breaks')).toBe(true);
    const events: unknown[] = [];
    const reading = (async () => {
      for await (const batch of upstreamStream(takeNodeBody(response)!, response.headers, new AbortController())) events.push(...batch);
    })();
    await expect(reading).rejects.toMatchObject({ name: 'TypeError', message: 'terminated' });
    expect(events).toEqual([{ type: 'message_start' }]);
  });

  it('fails a connection that cannot be made as fetch does, which the SDK reports as a connection error', async () => {
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const { port } = unused.address() as AddressInfo;
    await new Promise<void>((resolve) => unused.close(() => resolve()));
    await expect(nodeFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    const sdk = new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0, fetch: nodeFetch });
    await expect(sdk.models.list()).rejects.toBeInstanceOf(APIConnectionError);
  });
});
