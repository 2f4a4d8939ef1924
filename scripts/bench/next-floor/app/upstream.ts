// The one thing both floor routes do: forward a Messages API request to the fake over node:http,
// read its SSE by hand, and enqueue what `toChunks` makes of each read's complete events on the
// ReadableStream that Next.js pipes to the socket. Nothing is buffered beyond a partial event.
import { Agent, request } from 'node:http';

const upstream = new URL(process.env.BENCH_UPSTREAM ?? 'http://127.0.0.1:4510');
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const encoder = new TextEncoder();

export type UpstreamEvent = { type: string; index?: number; content_block?: { type: string }; delta?: { type: string; text?: string } };

/** The upstream events in `events` (complete SSE events, without their blank line). */
export function parseEvents(events: string[]): UpstreamEvent[] {
  const parsed: UpstreamEvent[] = [];
  for (const event of events) {
    const data = event.indexOf('data: ');
    if (data >= 0) parsed.push(JSON.parse(event.slice(data + 6)) as UpstreamEvent);
  }
  return parsed;
}

export const sse = (chunk: object) => `data: ${JSON.stringify(chunk)}\n\n`;

export function proxyToAnthropic(body: string, toChunks: (events: UpstreamEvent[]) => string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve) => {
    const upstreamHeaders = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-api-key': 'bench-key', 'anthropic-version': '2023-06-01' };
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: 'POST', path: '/v1/messages', headers: upstreamHeaders, agent }, (answer) => {
      answer.setEncoding('utf8');
      let pending = '';
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          answer.on('data', (text: string) => {
            const events = (pending + text).split('\n\n');
            pending = events.pop() ?? '';
            const out = toChunks(parseEvents(events));
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
      resolve(new Response(stream, { status: answer.statusCode, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', ...headers } }));
    });
    forwarded.on('error', () => resolve(new Response(null, { status: 502 })));
    forwarded.end(body);
  });
}
