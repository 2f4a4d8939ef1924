import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../db/client';

// 127.0.0.1:4999 stands for a local server the operator allows; every other private address is refused.
vi.hoisted(() => {
  process.env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS = '127.0.0.1:4999';
});
const database = vi.hoisted(() => ({ handle: undefined as Promise<DatabaseHandle> | undefined }));
vi.mock('../db/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('../db/client')>();
  return { ...original, getDatabase: () => (database.handle ??= original.createDatabase({ dataDir: 'memory://' })).then((h) => h.db) };
});
vi.mock('../identity/secret', () => ({ getAuthSecret: async () => 'unit-test-auth-secret-0123456789abcdef' }));

const { getDatabase } = await import('../db/client');
const { mcpServers } = await import('../db/schema');
const { addUserServer, listUserServers, MAX_SERVERS_PER_PERSON, moveUserServers, removeUserServer, toolPrefixOf, userServerDefinitions, userServerInputSchema } =
  await import('./user-servers');

let owners = 0;
const owner = () => `owner-${++owners}-${Math.random().toString(36).slice(2)}`;
const add = (ownerId: string, input: { name: string; url: string; bearerToken?: string }) => addUserServer(ownerId, userServerInputSchema.parse(input));

// The first test opens the in-memory database too: seconds on a busy machine.
describe("people's own MCP servers", { timeout: 30_000 }, () => {
  it.each([
    ['a loopback address other than the allowed one', 'http://127.0.0.2:4999/mcp'],
    ['localhost on a port that is not allowed', 'http://localhost:4998/mcp'],
    ['a private network address', 'http://10.1.2.3/mcp'],
    ['the cloud metadata address', 'http://169.254.169.254/latest'],
    ['IPv6 loopback', 'http://[::1]:4999/mcp'],
  ])('refuses %s, and saves nothing', async (_what, url) => {
    const alice = owner();
    const added = await add(alice, { name: 'Sneaky', url });
    expect(added).toMatchObject({ ok: false, problem: { type: 'private_address' } });
    if (!added.ok) expect(added.problem.message).toMatch(/not a public one/);
    expect(await listUserServers(alice)).toEqual([]);
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    const alice = owner();
    expect(await add(alice, { name: 'Files', url: 'file:///etc/passwd' })).toMatchObject({ ok: false, problem: { type: 'invalid_url' } });
    expect(await add(alice, { name: 'Creds', url: 'https://user:pw@example.com/mcp' })).toMatchObject({
      ok: false,
      problem: { type: 'invalid_url', message: expect.stringMatching(/Bearer token field/) },
    });
    expect(await add(alice, { name: 'Junk', url: 'not a url' })).toMatchObject({ ok: false, problem: { type: 'invalid_url' } });
    expect(await listUserServers(alice)).toEqual([]);
  });

  it('keeps the bearer token sealed in the row, and gives it, alone, to the connection', async () => {
    const alice = owner();
    const added = await add(alice, { name: 'My Notes (work)', url: 'http://127.0.0.1:4999/mcp', bearerToken: 'secret-bearer-42' });
    if (!added.ok) throw new Error(added.problem.message);
    const [row] = await (await getDatabase()).select().from(mcpServers).where(eq(mcpServers.id, added.server.id));
    expect(row?.bearerToken).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('secret-bearer-42');

    const [definition] = await userServerDefinitions(alice);
    expect(definition).toMatchObject({
      key: `user:${added.server.id}`,
      title: 'My Notes (work)',
      origin: 'user',
      spec: { kind: 'remote', url: 'http://127.0.0.1:4999/mcp' },
      toolPrefix: 'my-notes-work',
      guarded: true,
      bearerToken: 'secret-bearer-42',
    });
    // With a token, the server is not also offered an authorization: its 401 means the token was refused.
    expect(definition?.authProvider).toBeUndefined();
    const withoutToken = await add(alice, { name: 'Signs in', url: 'http://127.0.0.1:4999/other' });
    if (!withoutToken.ok) throw new Error(withoutToken.problem.message);
    expect((await userServerDefinitions(alice)).find((each) => each.title === 'Signs in')?.authProvider).toBeDefined();
    await removeUserServer(alice, withoutToken.server.id);
    await definition?.onStatus?.({ state: 'error', error: 'HTTP 500 from the server' });
    expect(await listUserServers(alice)).toEqual([expect.objectContaining({ status: 'error', lastError: 'HTTP 500 from the server' })]);
    await definition?.onStatus?.({ state: 'needs_authorization' });
    expect(await listUserServers(alice)).toEqual([expect.objectContaining({ status: 'needs_authorization', lastError: null })]);
  });

  it('refuses a name the database could not store, or that holds control characters', () => {
    for (const name of ['\udc00\udc00', 'a\u0000b', 'tab\there', 'line\nbreak']) {
      expect(userServerInputSchema.safeParse({ name, url: 'https://example.com/mcp' }).success, JSON.stringify(name)).toBe(false);
    }
    expect(userServerInputSchema.safeParse({ name: 'Équipe 😀 notes', url: 'https://example.com/mcp' }).success).toBe(true);
  });

  it('makes tool prefixes of letters, digits and dashes, at most 20', () => {
    expect(toolPrefixOf('Équipe Notes!')).toBe('equipe-notes');
    expect(toolPrefixOf('A very long connector name indeed')).toMatch(/^[a-z0-9-]{1,20}$/);
    expect(toolPrefixOf('***')).toBe('connector');
  });

  it('gives each person their own names, up to a limit, and removes only their own', async () => {
    const [alice, bob] = [owner(), owner()];
    const url = 'http://127.0.0.1:4999/mcp';
    const first = await add(alice, { name: 'Notes', url });
    expect(await add(alice, { name: 'Notes', url })).toMatchObject({ ok: false, problem: { type: 'connector_name_taken' } });
    expect(await add(bob, { name: 'Notes', url })).toMatchObject({ ok: true });
    if (!first.ok) throw new Error(first.problem.message);
    expect(await removeUserServer(bob, first.server.id)).toBe(false);
    expect(await listUserServers(alice)).toHaveLength(1);

    for (let n = 2; n <= MAX_SERVERS_PER_PERSON; n++) expect(await add(alice, { name: `Notes ${n}`, url })).toMatchObject({ ok: true });
    expect(await add(alice, { name: 'One too many', url })).toMatchObject({ ok: false, problem: { type: 'too_many_connectors' } });

    expect(await removeUserServer(alice, first.server.id)).toBe(true);
    expect(await listUserServers(alice)).toHaveLength(MAX_SERVERS_PER_PERSON - 1);
  });

  it("moves a guest's servers to the account they sign in to, keeping the account's own on a clash", async () => {
    const [guest, account] = [owner(), owner()];
    const url = 'http://127.0.0.1:4999/mcp';
    await add(account, { name: 'Notes', url, bearerToken: 'account-token' });
    await add(guest, { name: 'Notes', url, bearerToken: 'guest-token' });
    await add(guest, { name: 'Calendar', url });
    await moveUserServers(guest, account);
    expect((await listUserServers(account)).map((server) => server.name).sort()).toEqual(['Calendar', 'Notes']);
    expect(await listUserServers(guest)).toEqual([]);
    const notes = (await userServerDefinitions(account)).find((definition) => definition.title === 'Notes');
    expect(notes?.bearerToken).toBe('account-token');
  });
});
