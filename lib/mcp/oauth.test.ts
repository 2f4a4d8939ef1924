import { createServer } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { startMcpServer, type RunningMcpServer } from '../../e2e/support/mcp-server';

// The test's OAuth-protected MCP server listens on a loopback port the guard is told to allow.
const port = vi.hoisted(() => {
  const chosen = 41_000 + Math.floor(Math.random() * 8_000);
  // The next port is a server whose OAuth metadata is hostile.
  process.env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS = `127.0.0.1:${chosen},127.0.0.1:${chosen + 1}`;
  return chosen;
});
const database = vi.hoisted(() => ({ handle: undefined as Promise<DatabaseHandle> | undefined }));
vi.mock('../db/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('../db/client')>();
  return { ...original, getDatabase: () => (database.handle ??= original.createDatabase({ dataDir: 'memory://' })).then((h) => h.db) };
});
vi.mock('../identity/secret', () => ({ getAuthSecret: async () => 'unit-test-auth-secret-0123456789abcdef' }));

const { getDatabase } = await import('../db/client');
const { mcpServers } = await import('../db/schema');
const { addUserServer, userServerDefinitions } = await import('./user-servers');
const { finishAuthorization, startAuthorization } = await import('./oauth');

const RILL = 'http://rill.test:3000';
let server: RunningMcpServer;

beforeAll(async () => {
  server = await startMcpServer({ port, oauth: true });
});
afterAll(() => server.stop());

/** What a person does on the server's consent page: press Approve. Answers where the browser is sent back to. */
async function approve(authorizationUrl: string): Promise<URL> {
  const page = await (await fetch(authorizationUrl)).text();
  const pending = /name="pending" value="([^"]+)"/.exec(page)?.[1];
  if (!pending) throw new Error(`no Approve form in: ${page}`);
  const response = await fetch(new URL('/approve', authorizationUrl), { method: 'POST', body: new URLSearchParams({ pending }), redirect: 'manual' });
  return new URL(response.headers.get('location') ?? '');
}

async function addServer(ownerId: string): Promise<string> {
  const added = await addUserServer(ownerId, { name: 'Protected notes', url: server.url });
  if (!added.ok) throw new Error(added.problem.message);
  return added.server.id;
}

// The first test opens the in-memory database too: seconds on a busy machine.
describe('authorizing a person’s MCP server', { timeout: 30_000 }, () => {
  it('registers Rill, comes back with a code, and keeps every secret sealed in the row', async () => {
    const alice = `owner-${Math.random().toString(36).slice(2)}`;
    const id = await addServer(alice);
    const started = await startAuthorization(alice, id, RILL);
    if (!started.ok) throw new Error(JSON.stringify(started));
    const authorizationUrl = new URL(started.authorizationUrl);
    expect(authorizationUrl.origin).toBe(new URL(server.url).origin);
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${RILL}/api/mcp/oauth/callback`);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');

    const back = await approve(started.authorizationUrl);
    expect(back.origin + back.pathname).toBe(`${RILL}/api/mcp/oauth/callback`);
    expect(await finishAuthorization(alice, back.searchParams.get('state') ?? '', back.searchParams.get('code') ?? '')).toEqual({ ok: true });

    const [accessToken] = server.oauth?.accessTokens ?? [];
    const [refreshToken] = server.oauth?.refreshTokens ?? [];
    const [clientId] = server.oauth?.clients ?? [];
    expect(accessToken).toBeDefined();
    const [row] = await (await getDatabase()).select().from(mcpServers).where(eq(mcpServers.id, id));
    const raw = JSON.stringify(row);
    for (const secret of [accessToken, refreshToken, clientId]) expect(raw).not.toContain(secret);
    expect(row?.oauthTokens).toMatch(/^v1\./);
    expect(row?.oauthClient).toMatch(/^v1\./);
    expect(row?.oauthState).toBeNull();
    expect(row?.oauthVerifier).toBeNull();

    // The connection's provider reads the tokens back, and the server accepts them.
    const [definition] = await userServerDefinitions(alice);
    const authProvider = definition?.authProvider;
    expect((await authProvider?.tokens())?.access_token).toBe(accessToken);
    const client = new Client({ name: 'rill-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { ...(authProvider ? { authProvider } : {}) }));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('add_note');
    await client.close();
  });

  it('a connection made while an authorization waits (another tab, an answer) does not spoil it, and never starts one itself', async () => {
    const carol = `owner-c-${Math.random().toString(36).slice(2)}`;
    const id = await addServer(carol);
    const started = await startAuthorization(carol, id, RILL);
    if (!started.ok) throw new Error(JSON.stringify(started));
    const before = (await (await getDatabase()).select().from(mcpServers).where(eq(mcpServers.id, id)))[0];

    const [definition] = await userServerDefinitions(carol);
    const authProvider = definition?.authProvider;
    const client = new Client({ name: 'rill-test', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(server.url), { ...(authProvider ? { authProvider } : {}) }))).rejects.toThrow(
      'The connector needs to be authorized in Settings.',
    );
    const after = (await (await getDatabase()).select().from(mcpServers).where(eq(mcpServers.id, id)))[0];
    expect({ state: after?.oauthState, verifier: after?.oauthVerifier, client: after?.oauthClient }).toEqual({
      state: before?.oauthState,
      verifier: before?.oauthVerifier,
      client: before?.oauthClient,
    });

    const back = await approve(started.authorizationUrl);
    expect(await finishAuthorization(carol, back.searchParams.get('state') ?? '', back.searchParams.get('code') ?? '')).toEqual({ ok: true });
  });

  it("refuses a callback whose state is someone else's, or used already", async () => {
    const [alice, mallory] = [`owner-a-${Math.random()}`, `owner-m-${Math.random()}`];
    const id = await addServer(alice);
    const started = await startAuthorization(alice, id, RILL);
    if (!started.ok) throw new Error(JSON.stringify(started));
    const back = await approve(started.authorizationUrl);
    const [state, code] = [back.searchParams.get('state') ?? '', back.searchParams.get('code') ?? ''];
    expect(await finishAuthorization(mallory, state, code)).toMatchObject({ ok: false, message: expect.stringMatching(/unknown/) });
    expect(await finishAuthorization(alice, state, code)).toEqual({ ok: true });
    expect(await finishAuthorization(alice, state, code)).toMatchObject({ ok: false });
  });

  it('does not send the browser to an authorization page that is not a web address', async () => {
    const origin = `http://127.0.0.1:${port + 1}`;
    const hostile = createServer((req, res) => {
      const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url?.startsWith('/.well-known/oauth-protected-resource')) return json({ resource: `${origin}/mcp`, authorization_servers: [origin] });
      if (req.url?.startsWith('/.well-known/oauth-authorization-server')) {
        return json({
          issuer: origin,
          authorization_endpoint: 'ms-settings:privacy',
          token_endpoint: `${origin}/token`,
          registration_endpoint: `${origin}/register`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (req.url === '/register') return json({ client_id: 'hostile-client', redirect_uris: [`${RILL}/api/mcp/oauth/callback`] });
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => hostile.listen(port + 1, '127.0.0.1', resolve));
    try {
      const bob = `owner-${Math.random().toString(36).slice(2)}`;
      const added = await addUserServer(bob, { name: 'Hostile', url: `${origin}/mcp` });
      if (!added.ok) throw new Error(added.problem.message);
      expect(await startAuthorization(bob, added.server.id, RILL)).toEqual({ ok: false, problem: 'failed', message: 'The server’s authorization page is not a web address.' });
    } finally {
      hostile.close();
    }
  });

  it("does not start an authorization for someone else's server", async () => {
    const id = await addServer(`owner-${Math.random()}`);
    expect(await startAuthorization('someone-else', id, RILL)).toEqual({ ok: false, problem: 'not_found' });
  });
});
