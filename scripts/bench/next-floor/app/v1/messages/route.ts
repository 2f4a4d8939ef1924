// The floor of a Next.js route handler: the bare proxy's job (scripts/bench/bare-proxy.ts) done
// in a route handler, the way Rill must answer, with nothing else. Upstream over node:http, SSE
// read by hand, one UI chunk per text delta, enqueued on the ReadableStream that Next.js pipes to
// the socket. `npm run bench` builds this app and measures it beside Rill and the bare proxy.
import { Agent, request } from 'node:http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const upstream = new URL(process.env.BENCH_UPSTREAM ?? 'http://127.0.0.1:4510');
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const encoder = new TextEncoder();

type UpstreamEvent = { type: string; index?: number; delta?: { type: string; text?: string } };

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

export async function POST(incoming: Request): Promise<Response> {
  const body = await incoming.text();
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-api-key': 'bench-key', 'anthropic-version': '2023-06-01' };
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: 'POST', path: '/v1/messages', headers, agent }, (answer) => {
      answer.setEncoding('utf8');
      let pending = '';
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          answer.on('data', (text: string) => {
            const events = (pending + text).split('\n\n');
            pending = events.pop() ?? '';
            const out = uiChunks(events);
            if (out) controller.enqueue(encoder.encode(out));
          });
          answer.on('end', () => {
            controller.enqueue(encoder.encode('data: [DONE]\n\n'));
            controller.close();
          });
        },
        cancel() {
          forwarded.destroy();
        },
      });
      resolve(new Response(stream, { status: answer.statusCode, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' } }));
    });
    forwarded.on('error', () => resolve(new Response(null, { status: 502 })));
    forwarded.end(body);
  });
}

export function GET(): Response {
  return new Response('ok');
}
