import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../limits';
import type { McpServerDefinition } from './types';

// lib/env is read once, on import: no operator servers here, short timeouts.
vi.hoisted(() => {
  process.env.RILL_MCP_SERVERS = '';
  process.env.RILL_MCP_CONFIG = '';
  process.env.RILL_MCP_USER_SERVERS = 'on';
  process.env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS = '';
  process.env.RILL_MCP_CONNECT_TIMEOUT_MS = '3000';
  process.env.RILL_MCP_TOOL_TIMEOUT_MS = '3000';
});

const { startMcpServer } = await import('../../e2e/support/mcp-server');
const { getPrompt, listPrompts } = await import('./prompts');
const { startRawMcpServer } = await import('./raw-test-server');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function notesServer() {
  const server = await startMcpServer({ port: 0 });
  cleanups.push(() => server.stop());
  return server;
}

let counter = 0;
/** A fresh person each time: pooled connections and remembered failures are per person. */
const newOwner = () => `owner-${++counter}`;

function definition(url: string, extra: Partial<McpServerDefinition> = {}): McpServerDefinition {
  return { key: `user:server${++counter}`, title: 'Team notes', origin: 'user', spec: { kind: 'remote', url }, toolPrefix: 'notes', guarded: false, ...extra };
}

/**
 * A server that speaks just enough MCP to connect: it offers prompts only when `getResult` is
 * given, and answers `prompts/get` with whatever it returns.
 */
async function rawServer(getResult?: () => unknown): Promise<string> {
  const server = await startRawMcpServer({
    capabilities: getResult ? { tools: {}, prompts: {} } : { tools: {} },
    answer: (message, reply) => {
      if (message.method === 'tools/list') return reply({ tools: [] });
      if (message.method === 'prompts/list') return reply({ prompts: [{ name: 'raw_prompt' }] });
      if (message.method === 'prompts/get' && getResult) return reply(getResult());
      return null;
    },
  });
  cleanups.push(server.close);
  return server.url;
}

describe('listPrompts', () => {
  it("lists each server's prompts with their arguments, naming the server", async () => {
    const server = await notesServer();
    const notes = definition(server.url);
    const prompts = await listPrompts(newOwner(), [notes]);
    expect(prompts).toEqual([
      { serverKey: notes.key, serverTitle: 'Team notes', serverPrefix: 'notes', name: 'summarize_notes', title: 'Summarize the notes', description: 'Summarize the notes', arguments: [] },
      {
        serverKey: notes.key,
        serverTitle: 'Team notes',
        serverPrefix: 'notes',
        name: 'draft_note',
        title: 'Draft a note',
        description: 'Draft a note about a topic',
        arguments: [{ name: 'topic', description: 'What the note is about', required: true }],
      },
    ]);
  });

  it('leaves out a server without prompts and one that cannot be reached, and still lists the others', async () => {
    const server = await notesServer();
    const stopped = await startMcpServer({ port: 0 });
    await stopped.stop();
    const withoutPrompts = definition(await rawServer());
    const gone = definition(stopped.url, { title: 'Gone notes' });
    const notes = definition(server.url);
    const prompts = await listPrompts(newOwner(), [withoutPrompts, gone, notes]);
    expect(prompts.map((prompt) => `${prompt.serverKey} ${prompt.name}`)).toEqual([`${notes.key} summarize_notes`, `${notes.key} draft_note`]);
  });
});

describe('getPrompt', () => {
  it("gives a prompt's text, filled in with the person's arguments", async () => {
    const server = await notesServer();
    const notes = definition(server.url);
    const owner = newOwner();
    const summary = await getPrompt(owner, [notes], notes.key, 'summarize_notes', {});
    expect(summary).toEqual({ ok: true, text: expect.stringContaining('notes') });
    expect(await getPrompt(owner, [notes], notes.key, 'draft_note', { topic: 'the harbour' })).toEqual({ ok: true, text: 'Write a short note about the harbour.' });
  });

  it("reports the server's refusal of a prompt it does not have or arguments it is missing, naming the server", async () => {
    const server = await notesServer();
    const notes = definition(server.url);
    const owner = newOwner();
    const unknown = await getPrompt(owner, [notes], notes.key, 'no_such_prompt', {});
    expect(unknown).toMatchObject({ ok: false, reason: 'failed', error: expect.stringMatching(/^Team notes answered with an error: .*no_such_prompt/) });
    const missing = await getPrompt(owner, [notes], notes.key, 'draft_note', {});
    expect(missing).toMatchObject({ ok: false, reason: 'failed', error: expect.stringMatching(/^Team notes answered with an error/) });
  });

  it('joins text, embedded text and notes for what it leaves out, each separated by a blank line', async () => {
    const url = await rawServer(() => ({
      messages: [
        { role: 'user', content: { type: 'text', text: 'Read this file:' } },
        { role: 'user', content: { type: 'resource', resource: { uri: 'file:///notes.md', text: '# Notes\n- one' } } },
        { role: 'user', content: { type: 'image', data: 'aGVsbG8=', mimeType: 'image/png' } },
        { role: 'assistant', content: { type: 'text', text: '  ' } },
      ],
    }));
    const raw = definition(url, { title: 'Raw' });
    expect(await getPrompt(newOwner(), [raw], raw.key, 'raw_prompt', {})).toEqual({
      ok: true,
      text: 'Read this file:\n\n# Notes\n- one\n\n[An image from the prompt is not included.]',
    });
  });

  it('refuses a result that is not a prompt, and one longer than a message may be', async () => {
    const garbage = definition(await rawServer(() => ({ messages: [{ role: 'user', content: { type: 'text' } }] })), { title: 'Garbage' });
    expect(await getPrompt(newOwner(), [garbage], garbage.key, 'raw_prompt', {})).toEqual({ ok: false, reason: 'failed', error: 'Garbage sent a prompt Rill cannot read.' });
    const long = definition(await rawServer(() => ({ messages: [{ role: 'user', content: { type: 'text', text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) } }] })), { title: 'Wordy' });
    expect(await getPrompt(newOwner(), [long], long.key, 'raw_prompt', {})).toMatchObject({ ok: false, reason: 'failed', error: expect.stringMatching(/^Wordy's prompt raw_prompt is longer than a message may be/) });
  });

  it('says which server could not be reached, which offers no prompts, and that an unknown one is not available', async () => {
    const stopped = await startMcpServer({ port: 0 });
    await stopped.stop();
    const gone = definition(stopped.url, { title: 'Gone notes' });
    const withoutPrompts = definition(await rawServer(), { title: 'Plain tools' });
    const owner = newOwner();
    expect(await getPrompt(owner, [gone], gone.key, 'summarize_notes', {})).toMatchObject({ ok: false, reason: 'failed', error: expect.stringMatching(/^Gone notes is unreachable/) });
    expect(await getPrompt(owner, [withoutPrompts], withoutPrompts.key, 'raw_prompt', {})).toEqual({ ok: false, reason: 'not_found', error: 'Plain tools offers no prompts.' });
    expect(await getPrompt(owner, [], 'user:someone-elses', 'summarize_notes', {})).toEqual({ ok: false, reason: 'not_found', error: 'That connector is not available to you.' });
  });
});
