import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToolRunResult } from '../tools/types';
import type { McpServerDefinition, ServerStatus } from './types';

// lib/env is read once, on import: no operator servers here, short timeouts.
vi.hoisted(() => {
  process.env.RILL_MCP_SERVERS = '';
  process.env.RILL_MCP_CONFIG = '';
  process.env.RILL_MCP_USER_SERVERS = 'on';
  process.env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS = '';
  process.env.RILL_MCP_CONNECT_TIMEOUT_MS = '3000';
  process.env.RILL_MCP_TOOL_TIMEOUT_MS = '10000';
});

const { startMcpServer } = await import('../../e2e/support/mcp-server');
const { env } = await import('../env');
const { answerMcpTools } = await import('./tool-set');
const { listServerStates } = await import('./servers');
const { bounded, MAX_MESSAGE_BYTES } = await import('./connection');
const { startRawMcpServer } = await import('./raw-test-server');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function notesServer(options: Omit<Parameters<typeof startMcpServer>[0], 'port'> & { port?: number } = {}) {
  const server = await startMcpServer({ port: 0, ...options });
  cleanups.push(() => server.stop());
  return server;
}

let counter = 0;
/** A fresh person each time: pooled connections and remembered failures are per person. */
const newOwner = () => `owner-${++counter}`;

function definition(url: string, extra: Partial<McpServerDefinition> = {}): McpServerDefinition {
  return { key: `user:server${++counter}`, title: 'Team notes', origin: 'user', spec: { kind: 'remote', url }, toolPrefix: 'notes', guarded: false, ...extra };
}

const never = () => new AbortController().signal;

function expectOk(result: ToolRunResult): unknown {
  expect(result).toMatchObject({ ok: true });
  return result.ok ? result.output : undefined;
}

function expectError(result: ToolRunResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error;
}

/**
 * A server that speaks just enough MCP over HTTP to be listed, and answers `tools/call` with
 * `callBody` (never, when it gives undefined). `methods` records what it was sent.
 */
async function rawServer(callBody: (id: unknown) => string | undefined, methods: string[] = []): Promise<string> {
  const server = await startRawMcpServer({
    capabilities: { tools: {} },
    methods,
    answer: (message, reply) =>
      message.method === 'tools/list'
        ? reply({
            tools: [
              { name: 'broken', inputSchema: { type: 'object', $schema: 'https://json-schema.org/draft/2020-12/schema' } },
              { name: 'odd.name/with spaces', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } },
            ],
          })
        : callBody(message.id),
  });
  cleanups.push(server.close);
  return server.url;
}

describe('answerMcpTools', () => {
  it("offers each server's tools to Claude under `<prefix>__<tool>`, with their input schemas and how the card shows them", async () => {
    const server = await notesServer();
    const tools = await answerMcpTools(newOwner(), [], [definition(server.url)]);

    expect(tools.definitions.map((d) => d.name)).toEqual(['notes__lookup_note', 'notes__add_note', 'notes__delete_note', 'notes__wait']);
    const addNote = tools.definitions[1];
    expect(addNote).toMatchObject({
      description: 'Saves a note and returns its number.',
      input_schema: { type: 'object', properties: { text: { type: 'string', minLength: 1 } }, required: ['text'] },
    });
    for (const definition of tools.definitions) expect(definition.input_schema).not.toHaveProperty('$schema');

    expect(tools.describe('notes__add_note')).toEqual({ serverKey: expect.stringMatching(/^user:/), serverTitle: 'Team notes', toolName: 'add_note', needsApproval: true, destructive: false });
    expect(tools.describe('notes__lookup_note')).toMatchObject({ needsApproval: false, destructive: false });
    expect(tools.describe('notes__delete_note')).toMatchObject({ needsApproval: true, destructive: true });
    expect(tools.describe('get_weather')).toBeUndefined();
  });

  it('gives a second server with the same prefix `-2`, and leaves out what the chat switched off', async () => {
    const server = await notesServer();
    const first = definition(server.url);
    const second = definition(server.url, { title: 'More notes' });
    const third = definition(server.url, { title: 'Hidden notes' });
    const tools = await answerMcpTools(newOwner(), [third.key, `${second.key}/delete_note`, `${second.key}/wait`], [first, second, third]);

    expect(tools.definitions.map((d) => d.name)).toEqual([
      'notes__lookup_note',
      'notes__add_note',
      'notes__delete_note',
      'notes__wait',
      'notes-2__lookup_note',
      'notes-2__add_note',
    ]);
    expect(tools.describe('notes-2__add_note')).toMatchObject({ serverKey: second.key, serverTitle: 'More notes', toolName: 'add_note' });
  });

  it('runs a call over Streamable HTTP and gives Claude its content; an error the tool reports comes back as its text', async () => {
    const server = await notesServer();
    const tools = await answerMcpTools(newOwner(), [], [definition(server.url)]);

    const saved = await tools.run('notes__add_note', { text: 'buy milk' }, never());
    expect(expectOk(saved)).toEqual({ content: [{ type: 'text', text: 'Saved note 1: buy milk' }] });
    expect(server.calls).toEqual([{ tool: 'add_note', input: { text: 'buy milk' } }]);

    expect(expectError(await tools.run('notes__lookup_note', { id: 7 }, never()))).toBe('There is no note 7.');
    expect(expectError(await tools.run('notes__nothing', {}, never()))).toBe('Unknown tool "notes__nothing".');
  });

  it('falls back to the legacy SSE transport when the server does not speak Streamable HTTP', async () => {
    const server = await notesServer({ legacySse: true });
    const tools = await answerMcpTools(newOwner(), [], [definition(server.url)]);
    expect(tools.definitions).toHaveLength(4);
    expect(expectOk(await tools.run('notes__add_note', { text: 'over SSE' }, never()))).toEqual({
      content: [{ type: 'text', text: 'Saved note 1: over SSE' }],
    });
  });

  it('sends the bearer token; a wrong one leaves the server out with a clear state, and an OAuth server asks for authorization', async () => {
    const server = await notesServer({ bearerToken: 'open-sesame' });
    const owner = newOwner();
    const good = definition(server.url, { bearerToken: 'open-sesame' });
    const wrong = definition(server.url, { bearerToken: 'guess' });
    const redirects: URL[] = [];
    const statuses: ServerStatus[] = [];
    const oauth = definition(server.url, {
      authProvider: {
        redirectUrl: 'http://rill.test/api/mcp/oauth/callback',
        clientMetadata: { redirect_uris: ['http://rill.test/api/mcp/oauth/callback'] },
        clientInformation: () => ({ client_id: 'rill' }),
        tokens: () => undefined,
        saveTokens: () => {},
        redirectToAuthorization: (url) => void redirects.push(url),
        saveCodeVerifier: () => {},
        codeVerifier: () => 'verifier',
      } satisfies OAuthClientProvider,
      onStatus: async (status) => void statuses.push(status),
    });

    const tools = await answerMcpTools(owner, [], [good, wrong]);
    expect(tools.definitions).toHaveLength(4);
    expect(expectOk(await tools.run('notes__add_note', { text: 'secret' }, never()))).toBeTruthy();

    const states = await listServerStates(owner, [good, wrong, oauth]);
    expect(states.map((state) => [state.key, state.state])).toEqual([
      [good.key, 'connected'],
      [wrong.key, 'error'],
      [oauth.key, 'needs_authorization'],
    ]);
    const refused = states[1];
    expect(refused?.state === 'error' && refused.error).toBe('Team notes refused the bearer token (HTTP 401).');
    expect(JSON.stringify(states)).not.toContain('guess');
    expect(statuses).toEqual([{ state: 'needs_authorization' }]);
    expect(redirects).toHaveLength(1);
  });

  it('gives Claude a timeout error when a call takes too long, and the next call works', async () => {
    const server = await notesServer();
    const tools = await answerMcpTools(newOwner(), [], [definition(server.url)]);
    const configured = env.RILL_MCP_TOOL_TIMEOUT_MS;
    env.RILL_MCP_TOOL_TIMEOUT_MS = 500;
    cleanups.push(() => void (env.RILL_MCP_TOOL_TIMEOUT_MS = configured));

    const slow = await tools.run('notes__wait', { ms: 5_000 }, never());
    expect(expectError(slow)).toBe('Team notes did not answer within 500 ms.');
    expect(slow.durationMs).toBeLessThan(2_000);
    expect(expectOk(await tools.run('notes__add_note', { text: 'after the timeout' }, never()))).toBeTruthy();
  });

  it('Stop ends a running call at once', async () => {
    const server = await notesServer();
    const tools = await answerMcpTools(newOwner(), [], [definition(server.url)]);
    const stop = new AbortController();
    const running = tools.run('notes__wait', { ms: 8_000 }, stop.signal);
    await vi.waitFor(() => expect(server.calls).toHaveLength(1));
    stop.abort();
    const result = await running;
    expect(expectError(result)).toBe('Stopped before wait on Team notes finished.');
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('Stop tells the server to cancel the call', async () => {
    const methods: string[] = [];
    const url = await rawServer(() => undefined, methods);
    const tools = await answerMcpTools(newOwner(), [], [definition(url, { toolPrefix: 'raw' })]);
    const stop = new AbortController();
    const running = tools.run('raw__broken', {}, stop.signal);
    await vi.waitFor(() => expect(methods).toContain('tools/call'));
    stop.abort();
    expect(expectError(await running)).toBe('Stopped before broken on Team notes finished.');
    await vi.waitFor(() => expect(methods).toContain('notifications/cancelled'));
  });

  it('a server that went away gives a clear error, and once it is back the next call reconnects', async () => {
    const server = await notesServer();
    const port = Number(new URL(server.url).port);
    const tools = await answerMcpTools(newOwner(), [], [definition(server.url)]);
    expectOk(await tools.run('notes__add_note', { text: 'one' }, never()));

    await server.stop();
    expect(expectError(await tools.run('notes__add_note', { text: 'two' }, never()))).toMatch(/^Team notes is unreachable: (the connection was cut|nothing is listening there)/);

    const restarted = await notesServer({ port });
    expect(expectOk(await tools.run('notes__add_note', { text: 'three' }, never()))).toEqual({
      content: [{ type: 'text', text: 'Saved note 1: three' }],
    });
    expect(restarted.calls).toEqual([{ tool: 'add_note', input: { text: 'three' } }]);
  });

  it("refuses a person's server on a private address unless the operator allows its host and port, for both transports", async () => {
    const server = await notesServer();
    const sse = await notesServer({ legacySse: true });
    const guarded = definition(server.url, { guarded: true });
    const guardedSse = definition(sse.url, { guarded: true, spec: { kind: 'remote', url: sse.url, transport: 'sse' } });

    const refused = await listServerStates(newOwner(), [guarded, guardedSse]);
    for (const [state, url] of [[refused[0], server.url], [refused[1], sse.url]] as const) {
      expect(state).toMatchObject({ state: 'error', error: `Team notes: Refusing to connect to ${new URL(url).host}: 127.0.0.1 is a loopback address, not a public one.` });
    }
    expect(server.calls).toEqual([]);

    env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS.push(new URL(server.url).host, new URL(sse.url).host);
    cleanups.push(() => void env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS.splice(0));
    const tools = await answerMcpTools(newOwner(), [], [guarded, guardedSse]);
    expect(tools.definitions).toHaveLength(8);
    expectOk(await tools.run('notes__add_note', { text: 'allowed' }, never()));
    expectOk(await tools.run('notes-2__add_note', { text: 'allowed too' }, never()));
  });

  it("a person's server that answers with more than 10 MB is cut off, and the call fails with a message", async () => {
    const huge = await rawServer((id) => JSON.stringify({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'x'.repeat(MAX_MESSAGE_BYTES) }] } }));
    env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS.push(new URL(huge).host);
    cleanups.push(() => void env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS.splice(0));
    const tools = await answerMcpTools(newOwner(), [], [definition(huge, { toolPrefix: 'raw', guarded: true })]);
    expect(expectError(await tools.run('raw__broken', {}, never()))).toMatch(/^Team notes is unreachable: .*a message of more than 10 MB/);
  });

  it('an event stream, open for the connection\'s life, is bounded per event, not in total', async () => {
    const eventsOf = (events: string[]) =>
      bounded(new Response(new ReadableStream({ start: (controller) => { for (const event of events) controller.enqueue(new TextEncoder().encode(event)); controller.close(); } }), { headers: { 'content-type': 'text/event-stream' } }));
    const megabyte = `data: ${'x'.repeat(1024 * 1024)}\r\n\r\n`;
    expect((await (await eventsOf(Array.from({ length: 12 }, () => megabyte))).text()).length).toBe(12 * megabyte.length);
    const oneHugeEvent = Array.from({ length: 11 }, () => `data: ${'x'.repeat(1024 * 1024)}\n`);
    await expect((await eventsOf(oneHugeEvent)).text()).rejects.toThrow('a message of more than 10 MB');
  });

  it('a result that breaks the MCP schema, or is not JSON at all, is an error result naming the server', async () => {
    const breaksSchema = await rawServer((id) => JSON.stringify({ jsonrpc: '2.0', id, result: { content: 'not a list of blocks' } }));
    const notJson = await rawServer(() => '<html>Bad gateway</html>');
    const tools = await answerMcpTools(newOwner(), [], [definition(breaksSchema, { toolPrefix: 'raw' }), definition(notJson, { toolPrefix: 'raw' })]);

    // Tool names Claude would refuse are made valid, and `$schema` is not passed on.
    expect(tools.definitions.map((d) => d.name)).toEqual([
      'raw__broken',
      expect.stringMatching(/^raw__odd_name_with_spaces_[0-9a-f]{6}$/),
      'raw-2__broken',
      expect.stringMatching(/^raw-2__odd_name_with_spaces_[0-9a-f]{6}$/),
    ]);
    expect(tools.definitions[0]?.input_schema).toEqual({ type: 'object' });
    expect(tools.describe(tools.definitions[1]?.name ?? '')).toMatchObject({ toolName: 'odd.name/with spaces' });

    expect(expectError(await tools.run('raw__broken', {}, never()))).toBe('Team notes sent a result Rill cannot read.');
    expect(expectError(await tools.run('raw-2__broken', {}, never()))).toBe('Team notes sent a result Rill cannot read.');
  });

  it('an error the server answers a call with goes to Claude in its words, call after call', async () => {
    let calls = 0;
    const url = await rawServer((id) => {
      calls++;
      return JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32602, message: 'Invalid arguments for tool broken' } });
    });
    const tools = await answerMcpTools(newOwner(), [], [definition(url, { toolPrefix: 'raw' })]);
    expect(expectError(await tools.run('raw__broken', {}, never()))).toBe('Team notes answered with an error: Invalid arguments for tool broken.');
    expect(expectError(await tools.run('raw__broken', {}, never()))).toBe('Team notes answered with an error: Invalid arguments for tool broken.');
    expect(calls).toBe(2);
  });

  it('a corrected bearer token is used at once, not after the failure is forgotten', async () => {
    const server = await notesServer({ bearerToken: 'new-token' });
    const owner = newOwner();
    const stale = definition(server.url, { bearerToken: 'old-token' });
    expect((await listServerStates(owner, [stale]))[0]).toMatchObject({ state: 'error' });
    expect((await listServerStates(owner, [{ ...stale, bearerToken: 'new-token' }]))[0]).toMatchObject({ state: 'connected' });
  });

  it('keeps images out of the output, saying what they were', async () => {
    const image = Buffer.alloc(30_000).toString('base64');
    const url = await rawServer((id) =>
      JSON.stringify({
        jsonrpc: '2.0',
        id,
        result: { content: [{ type: 'text', text: 'A chart' }, { type: 'image', mimeType: 'image/png', data: image }], structuredContent: { points: 3 } },
      }),
    );
    const tools = await answerMcpTools(newOwner(), [], [definition(url, { toolPrefix: 'raw' })]);
    const output = expectOk(await tools.run('raw__broken', {}, never()));
    expect(output).toEqual({
      content: [
        { type: 'text', text: 'A chart' },
        { type: 'image', mimeType: 'image/png', data: 'image of 29 KB, not passed on' },
      ],
      structuredContent: { points: 3 },
    });
  });

  it('a server that never answers costs one connect timeout and contributes no tools; its failure is remembered for a moment', async () => {
    const server = await notesServer();
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          silent.closeAllConnections();
          silent.close(() => resolve());
        }),
    );
    const configured = env.RILL_MCP_CONNECT_TIMEOUT_MS;
    env.RILL_MCP_CONNECT_TIMEOUT_MS = 300;
    cleanups.push(() => void (env.RILL_MCP_CONNECT_TIMEOUT_MS = configured));
    const statuses: ServerStatus[] = [];
    const hanging = definition(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`, {
      title: 'Slow notes',
      toolPrefix: 'slow',
      onStatus: async (status) => void statuses.push(status),
    });
    const owner = newOwner();

    const started = performance.now();
    const tools = await answerMcpTools(owner, [], [hanging, definition(server.url)]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(tools.definitions.map((d) => d.name)).toEqual(['notes__lookup_note', 'notes__add_note', 'notes__delete_note', 'notes__wait']);
    // The answer stops waiting as the connection gives up; the failure is recorded right after.
    await vi.waitFor(() => expect(statuses).toEqual([{ state: 'error', error: 'Slow notes did not answer within 300 ms.' }]));

    // The next turn does not wait for it again.
    const again = performance.now();
    const [state] = await listServerStates(owner, [hanging]);
    expect(performance.now() - again).toBeLessThan(100);
    expect(state).toMatchObject({ state: 'error', error: 'Slow notes did not answer within 300 ms.' });
    expect(statuses).toHaveLength(1);

    // Once that memory has passed, an answer still does not wait for it: it tries again in the background.
    const later = Date.now() + 60_000;
    vi.spyOn(Date, 'now').mockImplementation(() => later);
    cleanups.push(() => void vi.restoreAllMocks());
    const next = performance.now();
    const nextTools = await answerMcpTools(owner, [], [hanging]);
    expect(performance.now() - next).toBeLessThan(100);
    expect(nextTools.definitions).toEqual([]);
    await vi.waitFor(() => expect(statuses).toHaveLength(2));
  });

  it('a server that was down rejoins the answers once it answers again', async () => {
    const server = await notesServer();
    const { url } = server;
    await server.stop();
    const owner = newOwner();
    const def = definition(url);
    expect((await answerMcpTools(owner, [], [def])).definitions).toEqual([]);

    const back = await notesServer({ port: Number(new URL(url).port) });
    expect(back.url).toBe(url);
    const later = Date.now() + 60_000;
    vi.spyOn(Date, 'now').mockImplementation(() => later);
    cleanups.push(() => void vi.restoreAllMocks());
    // The answer that notices the memory has passed starts the new attempt without waiting for it; a later one has the tools.
    await answerMcpTools(owner, [], [def]);
    await vi.waitFor(async () => expect((await answerMcpTools(owner, [], [def])).definitions.map((d) => d.name)).toContain('notes__add_note'));
  });

  it('runs an operator stdio server', async () => {
    const stdio: McpServerDefinition = {
      key: 'op:local',
      title: 'Local notes',
      origin: 'operator',
      spec: { kind: 'stdio', command: process.execPath, args: ['e2e/support/mcp-server.ts', '--stdio'] },
      toolPrefix: 'local',
      guarded: false,
    };
    const owner = newOwner();
    const tools = await answerMcpTools(owner, [], [stdio]);
    cleanups.push(async () => {
      const { dropServer } = await import('./pool');
      dropServer(owner, stdio);
    });
    expect(tools.definitions.map((d) => d.name)).toContain('local__add_note');
    expect(expectOk(await tools.run('local__add_note', { text: 'from stdio' }, never()))).toEqual({
      content: [{ type: 'text', text: 'Saved note 1: from stdio' }],
    });
  });
});
