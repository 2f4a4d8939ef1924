// The floor of a Next.js route handler: the bare proxy's job (scripts/bench/bare-proxy.ts) done
// in a route handler, the way Rill must answer, with nothing else. Upstream over node:http, SSE
// read by hand, one UI chunk per text delta, enqueued on the ReadableStream that Next.js pipes to
// the socket. `npm run bench` builds this app and measures it beside Rill and the bare proxy.
import { proxyToAnthropic, sse, type UpstreamEvent } from '../../upstream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function textDeltas(events: UpstreamEvent[]): string {
  let out = '';
  for (const event of events) {
    if (event.type === 'content_block_delta' && event.delta?.type === 'text_delta') {
      out += sse({ type: 'text-delta', id: String(event.index), delta: event.delta.text });
    }
  }
  return out;
}

export async function POST(incoming: Request): Promise<Response> {
  return proxyToAnthropic(await incoming.text(), textDeltas);
}

export function GET(): Response {
  return new Response('ok');
}
