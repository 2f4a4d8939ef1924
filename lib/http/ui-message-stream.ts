import 'server-only';
import { UI_MESSAGE_STREAM_HEADERS } from 'ai';
import { TooManyReadersError } from '../live-answers';
import { errorResponse } from '../errors';

// Proxies and compression must pass each event through as soon as it is written.
const STREAM_HEADERS = { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' };

const encoder = new TextEncoder();
const DONE = encoder.encode('data: [DONE]\n\n');

/**
 * The UI message stream response (Server-Sent Events, as `createUIMessageStreamResponse` writes
 * them) of a stream of serialised chunks, cancelled (and its reader released) when the browser
 * goes away. The chunks are written as the registry stores them (JSON), never parsed and
 * serialised again, and every chunk that is there to read goes out in one network write: one
 * system call per batch instead of one per chunk, and nothing waits for a batch to fill.
 * The reader is opened before the response is made, so a stream that has all the readers it
 * may have gets a 429 rather than a broken stream, and one that is not there a 204 (what
 * useChat's resume expects when nothing runs).
 */
export async function uiMessageStreamResponse(source: (signal: AbortSignal) => Promise<AsyncIterable<string[]> | undefined>): Promise<Response> {
  const abort = new AbortController();
  let iterable: AsyncIterable<string[]> | undefined;
  try {
    iterable = await source(abort.signal);
  } catch (error) {
    if (!(error instanceof TooManyReadersError)) throw error;
    return errorResponse({ type: 'too_many_readers', message: `This answer is already open in ${error.limit} tabs or connections. Close some, then reload.`, retryAfterSeconds: 5 });
  }
  if (!iterable) return new Response(null, { status: 204 });
  const iterator = iterable[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(DONE);
          controller.close();
        } else {
          controller.enqueue(encoder.encode(sseEvents(next.value)));
        }
      },
      async cancel() {
        abort.abort();
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { headers: { ...UI_MESSAGE_STREAM_HEADERS, ...STREAM_HEADERS } });
}

function sseEvents(chunks: readonly string[]): string {
  let events = '';
  for (const json of chunks) events += `data: ${json}\n\n`;
  return events;
}
