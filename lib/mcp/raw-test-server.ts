// For lib/mcp's tests: a server that speaks just enough MCP over HTTP (JSON-RPC in one POST, the
// answer as JSON) to be connected to, and then answers whatever the test wants, garbage included,
// which no SDK server would send.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

type Message = { id?: unknown; method: string };

export type RawServerOptions = {
  /** What `initialize` says the server offers. */
  capabilities: Record<string, object>;
  /** The raw body answering a request, or undefined to leave it unanswered; methods it does not know get "Method not found". */
  answer: (message: Message, reply: (result: unknown) => string) => string | undefined | null;
  /** Every method the server was sent, in order. */
  methods?: string[];
};

async function readMessage(req: IncomingMessage): Promise<Message> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Message;
}

/** Starts the server on a free loopback port: its /mcp URL, and how to close it (cutting open connections). */
export async function startRawMcpServer({ capabilities, answer, methods = [] }: RawServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const http = createServer((req, res) => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    void readMessage(req).then((message) => {
      methods.push(message.method);
      if (message.id === undefined) return void res.writeHead(202).end();
      const reply = (result: unknown) => JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
      const send = (body: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      if (message.method === 'initialize') return send(reply({ protocolVersion: '2025-06-18', capabilities, serverInfo: { name: 'raw', version: '1.0.0' } }));
      const body = answer(message, reply);
      if (body === null) send(JSON.stringify({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } }));
      else if (body !== undefined) send(body);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
