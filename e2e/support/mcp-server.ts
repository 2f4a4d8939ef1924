// A real MCP server for the tests, built with the MCP SDK's server classes: Streamable HTTP at
// /mcp (stateless: a server per request, as a serverless deployment runs it), or with
// `legacySse` the older HTTP+SSE transport at the same URL, so that clients fall back to it.
// Its tools keep notes in memory and record every call. With `oauth`, /mcp asks for a token
// from its own authorization server (mcp-oauth.ts), as the MCP authorization flow describes.
//
//   node e2e/support/mcp-server.ts --port N        (the operator's server in playwright.config.ts)
//   node e2e/support/mcp-server.ts --stdio         (the same tools over stdin and stdout, as a stdio server)
//   node e2e/support/mcp-server.ts --port N --oauth (mcp-server-process.ts: Playwright's workers
//                                                    cannot load express, which the SDK's server auth needs)
//   startMcpServer({ port })                        (a test's own server, which it may stop)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { IssuedOAuth } from './mcp-oauth.ts';

export type McpServerOptions = {
  port: number;
  host?: string;
  /** Requests without `Authorization: Bearer <token>` get a 401. */
  bearerToken?: string;
  /** Speak only the legacy HTTP+SSE transport (GET /mcp opens the stream, POST /messages carries requests). */
  legacySse?: boolean;
  /** Shown as the server's name in `initialize`. */
  name?: string;
  /** Protect /mcp with OAuth: its own authorization server, with dynamic registration, PKCE and an "Approve" page. */
  oauth?: boolean;
};

export type RunningMcpServer = {
  url: string;
  /** Every tool call the server received, in order. */
  calls: Array<{ tool: string; input: unknown }>;
  /** With `oauth`: the clients it registered and the tokens it issued. */
  oauth?: IssuedOAuth;
  /** Stops the server the hard way: open connections are cut, and new ones refused. */
  stop(): Promise<void>;
};

function buildServer(name: string, calls: RunningMcpServer['calls'], notes: string[]): McpServer {
  const server = new McpServer({ name, version: '1.0.0' });
  const record = (tool: string, input: unknown) => calls.push({ tool, input });
  server.registerTool(
    'lookup_note',
    {
      title: 'Look up a note',
      description: 'Reads one saved note by its number.',
      inputSchema: { id: z.number().int().min(1) },
      annotations: { readOnlyHint: true },
    },
    async ({ id }) => {
      record('lookup_note', { id });
      const note = notes[id - 1];
      return note === undefined
        ? { content: [{ type: 'text', text: `There is no note ${id}.` }], isError: true }
        : { content: [{ type: 'text', text: `Note ${id}: ${note}` }] };
    },
  );
  server.registerTool(
    'add_note',
    {
      title: 'Add a note',
      description: 'Saves a note and returns its number.',
      inputSchema: { text: z.string().min(1).max(2_000) },
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async ({ text }) => {
      record('add_note', { text });
      notes.push(text);
      return { content: [{ type: 'text', text: `Saved note ${notes.length}: ${text}` }] };
    },
  );
  server.registerTool(
    'delete_note',
    {
      title: 'Delete a note',
      description: 'Deletes a saved note for good.',
      inputSchema: { id: z.number().int().min(1) },
      annotations: { readOnlyHint: false, destructiveHint: true },
    },
    async ({ id }) => {
      record('delete_note', { id });
      if (notes[id - 1] === undefined) return { content: [{ type: 'text', text: `There is no note ${id}.` }], isError: true };
      notes[id - 1] = '(deleted)';
      return { content: [{ type: 'text', text: `Deleted note ${id}.` }] };
    },
  );
  server.registerTool(
    'wait',
    {
      title: 'Wait',
      description: 'Waits this many milliseconds, then answers.',
      inputSchema: { ms: z.number().int().min(0).max(600_000) },
      annotations: { readOnlyHint: true },
    },
    async ({ ms }) => {
      record('wait', { ms });
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { content: [{ type: 'text', text: `Waited ${ms} ms.` }] };
    },
  );
  server.registerPrompt('summarize_notes', { title: 'Summarize the notes', description: 'Summarize the notes' }, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'Summarize the notes saved so far in a few bullet points.' } }],
  }));
  server.registerPrompt(
    'draft_note',
    { title: 'Draft a note', description: 'Draft a note about a topic', argsSchema: { topic: z.string().describe('What the note is about') } },
    ({ topic }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Write a short note about ${topic}.` } }] }),
  );
  return server;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

export async function startMcpServer(options: McpServerOptions): Promise<RunningMcpServer> {
  const { port, host = '127.0.0.1', bearerToken, legacySse = false, name = 'rill-test-notes', oauth = false } = options;
  const calls: RunningMcpServer['calls'] = [];
  const notes: string[] = [];
  const sseSessions = new Map<string, SSEServerTransport>();

  const authorised = (req: IncomingMessage) => bearerToken === undefined || req.headers.authorization === `Bearer ${bearerToken}`;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/health') return void res.writeHead(200).end('ok');
    if (!authorised(req)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    if (legacySse) {
      if (url.pathname === '/mcp' && req.method === 'GET') {
        const transport = new SSEServerTransport('/messages', res);
        sseSessions.set(transport.sessionId, transport);
        res.on('close', () => sseSessions.delete(transport.sessionId));
        await buildServer(name, calls, notes).connect(transport);
        return;
      }
      if (url.pathname === '/messages' && req.method === 'POST') {
        const transport = sseSessions.get(url.searchParams.get('sessionId') ?? '');
        if (!transport) return void res.writeHead(404).end('unknown session');
        await transport.handlePostMessage(req, res, await readJson(req));
        return;
      }
      return void res.writeHead(url.pathname === '/mcp' ? 405 : 404).end();
    }
    if (url.pathname !== '/mcp') return void res.writeHead(404).end();
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const server = buildServer(name, calls, notes);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, await readJson(req));
  }

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : 'failed');
    });
  };
  // The OAuth metadata names the server's own URL, known once it listens.
  let listener = serve;
  const http: Server = createServer((req, res) => listener(req, res));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const url = `http://${host}:${address.port}/mcp`;
  // Loaded only when asked for: it brings in express.
  const authorization = oauth ? (await import('./mcp-oauth.ts')).createMcpOAuth(new URL(url)) : undefined;
  if (authorization) listener = authorization.wrap(serve);
  return {
    url,
    calls,
    ...(authorization ? { oauth: authorization.issued } : {}),
    async stop() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

if (import.meta.main) {
  if (process.argv.includes('--stdio')) {
    await buildServer('rill-test-notes', [], []).connect(new StdioServerTransport());
  } else {
    const portArg = process.argv.indexOf('--port');
    const port = Number(portArg >= 0 ? process.argv[portArg + 1] : NaN);
    if (!Number.isInteger(port)) throw new Error('usage: node e2e/support/mcp-server.ts --port N [--oauth] | --stdio');
    const server = await startMcpServer({ port, oauth: process.argv.includes('--oauth') });
    console.log(`MCP test server at ${server.url}`);
  }
}
