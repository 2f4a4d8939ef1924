import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMcpServer, type RunningMcpServer } from '../../e2e/support/mcp-server';
import type { McpServerDefinition } from './types';

/** lib/env reads the environment once, when first imported: each test loads lib/mcp afresh. */
async function load(environment: Record<string, string>) {
  vi.resetModules();
  for (const name of ['RILL_MCP_SERVERS', 'RILL_MCP_CONFIG', 'RILL_MCP_USER_SERVERS', 'RILL_TOOLS_ALLOW_PRIVATE_HOSTS']) vi.stubEnv(name, '');
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  const [servers, toolSet] = await Promise.all([import('./servers'), import('./tool-set')]);
  return { ...servers, answerMcpTools: toolSet.answerMcpTools };
}

const running: RunningMcpServer[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const server of running.splice(0)) await server.stop();
});

async function notesServer(options: { bearerToken?: string } = {}) {
  const server = await startMcpServer({ port: 0, ...options });
  running.push(server);
  return server;
}

function userServer(url: string): McpServerDefinition {
  return { key: 'user:abcdefghijklmnop', title: 'My notes', origin: 'user', spec: { kind: 'remote', url }, toolPrefix: 'my-notes', guarded: true };
}

describe('operator servers', () => {
  it('come from RILL_MCP_SERVERS: keyed `op:<name>`, titled, prefixed by their name, trusted, with their headers and programs', async () => {
    const mcp = await load({
      RILL_MCP_SERVERS: JSON.stringify({
        mcpServers: {
          notes: { url: 'https://notes.example.com/mcp', title: 'Team notes', headers: { 'X-Api-Key': 'k' } },
          files: { command: 'npx', args: ['files-server', '--root', '/srv'], env: { FILES_TOKEN: 't' }, cwd: '/srv' },
          legacy: { url: 'https://old.example.com/sse', transport: 'sse' },
        },
      }),
    });
    expect(mcp.operatorServerDefinitions()).toEqual([
      {
        key: 'op:notes',
        title: 'Team notes',
        origin: 'operator',
        toolPrefix: 'notes',
        guarded: false,
        spec: { kind: 'remote', url: 'https://notes.example.com/mcp', transport: undefined, headers: { 'X-Api-Key': 'k' } },
      },
      {
        key: 'op:files',
        title: 'files',
        origin: 'operator',
        toolPrefix: 'files',
        guarded: false,
        spec: { kind: 'stdio', command: 'npx', args: ['files-server', '--root', '/srv'], env: { FILES_TOKEN: 't' }, cwd: '/srv' },
      },
      {
        key: 'op:legacy',
        title: 'legacy',
        origin: 'operator',
        toolPrefix: 'legacy',
        guarded: false,
        spec: { kind: 'remote', url: 'https://old.example.com/sse', transport: 'sse', headers: undefined },
      },
    ]);
  });

  it("are listed with their state before a person's own, without their URL (it may hold a key), and their headers reach the server", async () => {
    const operator = await notesServer({ bearerToken: 'team-secret' });
    const own = await notesServer();
    const mcp = await load({
      RILL_MCP_SERVERS: JSON.stringify({ mcpServers: { notes: { url: operator.url, title: 'Team notes', headers: { Authorization: 'Bearer team-secret' } } } }),
      RILL_TOOLS_ALLOW_PRIVATE_HOSTS: new URL(own.url).host,
    });

    const states = await mcp.listServerStates('owner-1', [userServer(own.url)]);
    expect(states).toEqual([
      {
        key: 'op:notes',
        title: 'Team notes',
        origin: 'operator',
        transport: 'remote',
        state: 'connected',
        tools: [
          { name: 'lookup_note', title: 'Look up a note', description: 'Reads one saved note by its number.', readOnly: true, destructive: false },
          { name: 'add_note', title: 'Add a note', description: 'Saves a note and returns its number.', readOnly: false, destructive: false },
          { name: 'delete_note', title: 'Delete a note', description: 'Deletes a saved note for good.', readOnly: false, destructive: true },
          { name: 'wait', title: 'Wait', description: 'Waits this many milliseconds, then answers.', readOnly: true, destructive: false },
        ],
      },
      expect.objectContaining({ key: 'user:abcdefghijklmnop', title: 'My notes', origin: 'user', url: own.url, transport: 'remote', state: 'connected' }),
    ]);

    const tools = await mcp.answerMcpTools('owner-1', [], [userServer(own.url)]);
    expect(tools.definitions.map((d) => d.name)).toEqual([
      ...['lookup_note', 'add_note', 'delete_note', 'wait'].map((tool) => `notes__${tool}`),
      ...['lookup_note', 'add_note', 'delete_note', 'wait'].map((tool) => `my-notes__${tool}`),
    ]);
    const result = await tools.run('notes__add_note', { text: 'for the team' }, new AbortController().signal);
    expect(result).toMatchObject({ ok: true });
    expect(operator.calls).toEqual([{ tool: 'add_note', input: { text: 'for the team' } }]);
  });

  it("are the only ones when the operator turned people's servers off", async () => {
    const operator = await notesServer();
    const mcp = await load({
      RILL_MCP_SERVERS: JSON.stringify({ mcpServers: { notes: { url: operator.url } } }),
      RILL_MCP_USER_SERVERS: 'off',
    });
    const states = await mcp.listServerStates('owner-1', [userServer('https://mine.example.com/mcp')]);
    expect(states.map((state) => state.key)).toEqual(['op:notes']);
  });

  it('an operator server that refuses its credentials shows why, without the credentials', async () => {
    const operator = await notesServer({ bearerToken: 'team-secret' });
    const mcp = await load({
      RILL_MCP_SERVERS: JSON.stringify({ mcpServers: { notes: { url: operator.url, title: 'Team notes', headers: { Authorization: 'Bearer stale-secret' } } } }),
    });
    const [state] = await mcp.listServerStates('owner-1', []);
    expect(state).toMatchObject({ state: 'error', error: 'Team notes refused the configured headers (HTTP 401).' });
    expect(JSON.stringify(state)).not.toContain('stale-secret');
  });
});
