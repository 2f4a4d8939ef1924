import 'server-only';
import { UI_MESSAGE_STREAM_HEADERS } from 'ai';
import { env } from '../env';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import { createMemoryStreamRegistry, createRedisStreamRegistry, type StreamRegistry } from '../streams';
import { stopLocalGeneration } from './active-generations';

const REGISTRY = Symbol.for('rill.streams.registry');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY]?: Promise<StreamRegistry<RillChunk>> };

/** The key of a conversation's streams: one owner's conversation, never another's. */
export const conversationKey = (ownerId: string, conversationId: string) => `${ownerId}:${conversationId}`;

/**
 * This instance's stream registry: in memory by default, in Redis with REDIS_URL so that a
 * reload may land on any instance. Stop requests from any instance stop the generation here.
 */
export function getStreamRegistry(): Promise<StreamRegistry<RillChunk>> {
  const store = globalThis as GlobalWithRegistry;
  if (!store[REGISTRY]) {
    const pending = (async () => {
      const maxReadersPerStream = env.RILL_MAX_READERS_PER_STREAM;
      const registry = env.REDIS_URL
        ? createRedisStreamRegistry<RillChunk>({ url: env.REDIS_URL, maxReadersPerStream })
        : createMemoryStreamRegistry<RillChunk>({ maxReadersPerStream });
      await registry.onStopRequested((key) => void stopLocalGeneration(key));
      return registry;
    })();
    store[REGISTRY] = pending;
    // A Redis that was down must not stick: the next request tries again.
    pending.catch(() => {
      if (store[REGISTRY] === pending) delete store[REGISTRY];
    });
  }
  return store[REGISTRY];
}

const encoder = new TextEncoder();
const DONE = encoder.encode('data: [DONE]\n\n');

/**
 * The UI message stream response (Server-Sent Events, as `createUIMessageStreamResponse` writes
 * them) of a stream of serialised chunks, cancelled (and its reader released) when the browser
 * goes away. The chunks are written as the registry stores them (JSON), never parsed and
 * serialised again, and every chunk that is there to read goes out in one network write: one
 * system call per batch instead of one per chunk, and nothing waits for a batch to fill.
 */
export function uiMessageStreamResponse(
  source: (signal: AbortSignal) => Promise<AsyncIterable<string[]> | undefined>,
  headers: Record<string, string>,
): Response {
  const abort = new AbortController();
  let iterator: AsyncIterator<string[]> | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!iterator) {
          const iterable = await source(abort.signal);
          if (!iterable) {
            controller.enqueue(DONE);
            return controller.close();
          }
          iterator = iterable[Symbol.asyncIterator]();
        }
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
        await iterator?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { headers: { ...UI_MESSAGE_STREAM_HEADERS, ...headers } });
}

function sseEvents(chunks: readonly string[]): string {
  let events = '';
  for (const json of chunks) events += `data: ${json}\n\n`;
  return events;
}
