import 'server-only';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describeUpstreamError } from '../anthropic/errors';
import { AnthropicToUIMapper, type RillChunk } from '../protocol/anthropic-to-ui';

type UpstreamStream = AsyncIterable<RawMessageStreamEvent> & { controller: AbortController };

export type UIChunkStreamOptions = {
  model: string;
  /** Aborted on Stop, by either path; the upstream request was opened with it. */
  signal: AbortSignal;
  startedAt: number;
  /** Secrets to scrub from error messages. */
  secrets: readonly string[];
  /** Called exactly once, however the stream ends. */
  onEnd: () => void;
};

/**
 * Relays one upstream Anthropic stream as UI message chunks. Events are pulled from
 * Anthropic only when the response can take another chunk, so nothing piles up in Rill,
 * and a browser that goes away cancels the upstream request that costs money.
 */
export function toUIChunkStream(upstream: UpstreamStream, options: UIChunkStreamOptions): ReadableStream<RillChunk> {
  const { model, signal, startedAt, secrets, onEnd } = options;
  const mapper = new AnthropicToUIMapper();
  const events = upstream[Symbol.asyncIterator]();
  let firstTokenMs: number | undefined;
  let ended = false;

  const elapsed = () => Math.round(performance.now() - startedAt);

  const end = (controller: ReadableStreamDefaultController<RillChunk>, closing: RillChunk[]) => {
    if (ended) return;
    ended = true;
    for (const chunk of [...mapper.closeOpenParts(), ...closing]) controller.enqueue(chunk);
    controller.close();
    onEnd();
  };

  const completed = (): RillChunk[] => [
    { type: 'finish', finishReason: mapper.finishReason, messageMetadata: { durationMs: elapsed() } },
  ];
  // After a Stop the browser may still be listening (the explicit stop path), so the stream
  // ends cleanly with the partial answer marked as stopped.
  const stopped = (): RillChunk[] => [
    { type: 'finish', finishReason: 'stop', messageMetadata: { stopReason: 'stopped', durationMs: elapsed() } },
  ];
  const failed = (error: unknown): RillChunk[] => {
    const { message } = describeUpstreamError(error, secrets);
    return [
      { type: 'message-metadata', messageMetadata: { stopReason: 'error', errorText: message, durationMs: elapsed() } },
      { type: 'error', errorText: message },
    ];
  };

  return new ReadableStream<RillChunk>(
    {
      start(controller) {
        controller.enqueue({ type: 'start', messageMetadata: { model } });
      },
      async pull(controller) {
        try {
          // Keep pulling until an event yields a chunk: `ping` and bookkeeping events yield none.
          for (;;) {
            const result = await events.next();
            if (result.done) return end(controller, signal.aborted ? stopped() : completed());
            const chunks = mapper.push(result.value);
            if (chunks.length === 0) continue;
            if (firstTokenMs === undefined && chunks.some(isFirstContent)) {
              firstTokenMs = elapsed();
              controller.enqueue({ type: 'message-metadata', messageMetadata: { firstTokenMs } });
            }
            for (const chunk of chunks) controller.enqueue(chunk);
            return;
          }
        } catch (error) {
          end(controller, signal.aborted ? stopped() : failed(error));
        }
      },
      cancel() {
        if (ended) return;
        ended = true;
        upstream.controller.abort();
        onEnd();
      },
    },
    { highWaterMark: 0 },
  );
}

function isFirstContent(chunk: RillChunk): boolean {
  return chunk.type === 'text-delta' || chunk.type === 'reasoning-delta' || chunk.type === 'tool-input-start';
}
