// The floor Rill is measured against: a bare Node proxy with no framework, database, checks or
// web streams. It forwards `POST /v1/messages` to the fake Anthropic server, reads its SSE, and
// writes one AI SDK UI chunk (`text-delta`) per text delta, in one socket write per upstream read:
// the least work that turns Claude's stream into what useChat reads. Started as its own process
// by `npm run bench` and scripts/measure/rss.ts:
// `node scripts/bench/bare-proxy.ts --port N --upstream http://127.0.0.1:M`. Plain Node (type stripping).
import { Agent, createServer, request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, upstream: { type: 'string' } } });
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:4010');
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

type UpstreamEvent = { type: string; index?: number; delta?: { type: string; text?: string } };

/** The UI chunks of the complete SSE events in `events` (each ends with a blank line). */
function uiChunks(events: string[]): string {
  let out = '';
  for (const event of events) {
    const data = event.indexOf('data: ');
    if (data < 0) continue;
    const parsed = JSON.parse(event.slice(data + 6)) as UpstreamEvent;
    if (parsed.type === 'content_block_delta' && parsed.delta?.type === 'text_delta') {
      out += `data: ${JSON.stringify({ type: 'text-delta', id: String(parsed.index), delta: parsed.delta.text })}\n\n`;
    }
  }
  return out;
}

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  const forwarded = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent },
    (answer) => {
      if (answer.statusCode !== 200) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-vercel-ai-ui-message-stream': 'v1' });
      answer.setEncoding('utf8');
      let pending = '';
      answer.on('data', (text: string) => {
        const events = (pending + text).split('\n\n');
        pending = events.pop() ?? '';
        const out = uiChunks(events);
        if (out) res.write(out);
      });
      answer.on('end', () => res.end('data: [DONE]\n\n'));
    },
  );
  forwarded.on('error', () => res.destroy());
  // Stop really stops: a client that goes away cancels the upstream request.
  res.on('close', () => {
    if (!res.writableFinished) forwarded.destroy();
  });
  req.pipe(forwarded);
});

server.listen(Number(values.port ?? 0), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
