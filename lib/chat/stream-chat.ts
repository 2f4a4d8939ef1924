import 'server-only';
import { createUIMessageStreamResponse } from 'ai';
import { anthropic, defaultModel, isDemoMode } from '../anthropic/client';
import { describeUpstreamError } from '../anthropic/errors';
import { CapacityError, ConcurrencyLimiter } from '../concurrency/limiter';
import { env } from '../env';
import { errorResponse } from '../http/responses';
import { DEMO_MODEL_ID } from '../models';
import { beginGeneration } from './active-generations';
import type { ChatRequest } from './request';
import { toAnthropicMessages } from './to-anthropic';
import { toUIChunkStream } from './ui-chunk-stream';

const limiter = new ConcurrencyLimiter(env.RILL_MAX_CONCURRENT_STREAMS, env.RILL_QUEUE_TIMEOUT_MS);
const secrets = env.ANTHROPIC_API_KEY ? [env.ANTHROPIC_API_KEY] : [];

// Proxies and compression must pass each event through as soon as it is written.
const STREAM_HEADERS = { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' };

const DEFAULT_MAX_TOKENS = 8_192;

/**
 * Runs one chat turn: waits for a stream slot, opens the upstream stream (so that failures
 * before the first byte become proper HTTP errors), then relays it as a UI message stream.
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
  const end = () => {
    generation.end();
    release();
  };
  const startedAt = performance.now();
  const model = isDemoMode ? DEMO_MODEL_ID : (request.model ?? defaultModel);

  try {
    const upstream = await anthropic.messages.create(
      {
        model,
        max_tokens: Math.min(request.maxTokens ?? DEFAULT_MAX_TOKENS, env.RILL_MAX_OUTPUT_TOKENS),
        messages: toAnthropicMessages(request.messages),
        ...(request.system?.trim() ? { system: request.system } : {}),
        stream: true,
      },
      { signal },
    );
    const stream = toUIChunkStream(upstream, { model, signal, startedAt, secrets, onEnd: end });
    return createUIMessageStreamResponse({ stream, headers: STREAM_HEADERS });
  } catch (error) {
    end();
    // 499: the client closed the request (Stop before the first byte); nobody reads this.
    if (signal.aborted) return new Response(null, { status: 499 });
    const described = describeUpstreamError(error, secrets);
    return errorResponse(described.status, described.type, described.message, {
      ...(described.retryAfterSeconds ? { 'retry-after': String(described.retryAfterSeconds) } : {}),
    });
  }
}
