import 'server-only';
import { createUIMessageStreamResponse } from 'ai';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { anthropic, defaultModel, isDemoMode } from '../anthropic/client';
import { describeUpstreamError } from '../anthropic/errors';
import { CapacityError, ConcurrencyLimiter } from '../concurrency/limiter';
import { env } from '../env';
import { errorResponse } from '../http/responses';
import { DEMO_MODEL_ID } from '../models';
import { AnthropicToUIMapper, type RillChunk } from '../protocol/anthropic-to-ui';
import { beginGeneration } from './active-generations';
import type { ChatRequest } from './request';
import { toAnthropicMessages } from './to-anthropic';

const limiter = new ConcurrencyLimiter(env.RILL_MAX_CONCURRENT_STREAMS, env.RILL_QUEUE_TIMEOUT_MS);
const secrets = env.ANTHROPIC_API_KEY ? [env.ANTHROPIC_API_KEY] : [];

// Proxies and compression must pass each event through as soon as it is written.
const STREAM_HEADERS = { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' };

const DEFAULT_MAX_TOKENS = 8_192;

/**
 * Runs one chat turn: waits for a stream slot, opens the upstream stream (so that failures
 * before the first byte become proper HTTP errors), then relays Anthropic's events to the
 * browser as UI message chunks, pulled one at a time so nothing is buffered.
 */
export async function streamChat(request: ChatRequest, requestSignal: AbortSignal): Promise<Response> {
  let release: () => void;
  try {
    release = await limiter.acquire(requestSignal);
  } catch (error) {
    if (!(error instanceof CapacityError)) throw error;
    return errorResponse(503, 'server_busy', 'Rill is handling as many conversations as it can. Try again in a few seconds.', {
      'retry-after': '5',
    });
  }

  const generation = beginGeneration(request.id);
  const signal = AbortSignal.any([requestSignal, generation.signal]);
  const startedAt = performance.now();
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    generation.end();
    release();
  };

  const model = isDemoMode ? DEMO_MODEL_ID : (request.model ?? defaultModel);
  let upstream: AsyncIterable<RawMessageStreamEvent> & { controller: AbortController };
  try {
    upstream = await anthropic.messages.create(
      {
        model,
        max_tokens: Math.min(request.maxTokens ?? DEFAULT_MAX_TOKENS, env.RILL_MAX_OUTPUT_TOKENS),
        messages: toAnthropicMessages(request.messages),
        ...(request.system?.trim() ? { system: request.system } : {}),
        stream: true,
      },
      { signal },
    );
  } catch (error) {
    finish();
    if (signal.aborted) return new Response(null, { status: 499 });
    const described = describeUpstreamError(error, secrets);
    return errorResponse(described.status, described.type, described.message, {
      ...(described.retryAfterSeconds ? { 'retry-after': String(described.retryAfterSeconds) } : {}),
    });
  }

  const mapper = new AnthropicToUIMapper();
  const iterator = upstream[Symbol.asyncIterator]();
  let firstTokenMs: number | undefined;
  let done = false;

  const elapsed = () => Math.round(performance.now() - startedAt);
  // After a Stop the browser may still be listening (the explicit stop path), so the
  // stream ends cleanly, with the partial answer marked as stopped.
  const stoppedChunks = (): RillChunk[] => [
    ...mapper.closeOpenParts(),
    { type: 'finish', finishReason: 'stop', messageMetadata: { stopReason: 'stopped', durationMs: elapsed() } },
  ];
  const end = (controller: ReadableStreamDefaultController<RillChunk>, chunks: RillChunk[]) => {
    if (done) return;
    for (const chunk of chunks) controller.enqueue(chunk);
    controller.close();
    done = true;
    finish();
  };

  const stream = new ReadableStream<RillChunk>(
    {
      start(controller) {
        controller.enqueue({ type: 'start', messageMetadata: { model } });
      },
      async pull(controller) {
        if (done) return;
        try {
          // Pull until at least one chunk is produced: `ping` and bookkeeping events map to none.
          for (;;) {
            const result = await iterator.next();
            if (result.done && signal.aborted) return end(controller, stoppedChunks());
            if (result.done) {
              return end(controller, [
                ...mapper.closeOpenParts(),
                { type: 'finish', finishReason: mapper.finishReason, messageMetadata: { durationMs: elapsed() } },
              ]);
            }
            const chunks = mapper.push(result.value);
            if (chunks.length === 0) continue;
            if (firstTokenMs === undefined && chunks.some(isContentDelta)) {
              firstTokenMs = elapsed();
              controller.enqueue({ type: 'message-metadata', messageMetadata: { firstTokenMs } });
            }
            for (const chunk of chunks) controller.enqueue(chunk);
            return;
          }
        } catch (error) {
          if (signal.aborted) return end(controller, stoppedChunks());
          const described = describeUpstreamError(error, secrets);
          return end(controller, [
            ...mapper.closeOpenParts(),
            { type: 'message-metadata', messageMetadata: { stopReason: 'error', errorText: described.message, durationMs: elapsed() } },
            { type: 'error', errorText: described.message },
          ]);
        }
      },
      cancel() {
        // The browser went away: stop paying for tokens nobody will read.
        done = true;
        upstream.controller.abort();
        finish();
      },
    },
    // No read-ahead: an event is pulled from Anthropic only when the response can take it.
    { highWaterMark: 0 },
  );

  return createUIMessageStreamResponse({ stream, headers: STREAM_HEADERS });
}

function isContentDelta(chunk: RillChunk): boolean {
  return chunk.type === 'text-delta' || chunk.type === 'reasoning-delta' || chunk.type === 'tool-input-start';
}
