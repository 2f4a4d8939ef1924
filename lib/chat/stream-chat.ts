import 'server-only';
import { createUIMessageStreamResponse } from 'ai';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { anthropic, defaultModel, isDemoMode } from '../anthropic/client';
import { describeUpstreamError } from '../anthropic/errors';
import { CapacityError, ConcurrencyLimiter } from '../concurrency/limiter';
import { env } from '../env';
import { errorResponse } from '../http/responses';
import { DEMO_MODEL_ID } from '../models';
import { getToolRegistry } from '../tools/registry';
import { beginGeneration } from './active-generations';
import { agentLoopStream } from './agent-loop';
import type { ChatRequest } from './request';
import { toAnthropicMessages } from './to-anthropic';
import { upstreamParams } from './upstream-params';

const limiter = new ConcurrencyLimiter(env.RILL_MAX_CONCURRENT_STREAMS, env.RILL_QUEUE_TIMEOUT_MS);
const secrets = env.ANTHROPIC_API_KEY ? [env.ANTHROPIC_API_KEY] : [];

// Proxies and compression must pass each event through as soon as it is written.
const STREAM_HEADERS = { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' };

/**
 * Runs one chat turn: waits for a stream slot, opens the first upstream step (so that
 * failures before the first byte become proper HTTP errors), then streams the answer,
 * tool calls and further steps included, as a UI message stream.
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
  const tools = getToolRegistry();
  const params = upstreamParams({ request, model, maxOutputTokens: env.RILL_MAX_OUTPUT_TOKENS, clientTools: tools.definitions });
  const openStep = (messages: MessageParam[], stepSignal: AbortSignal) =>
    anthropic.messages.create({ ...params, messages, stream: true }, { signal: stepSignal });

  try {
    const messages = toAnthropicMessages(request.messages);
    const firstStep = await openStep(messages, signal);
    const stream = agentLoopStream({
      model,
      firstStep,
      messages,
      openStep,
      runTool: (name, input, toolSignal) => tools.run(name, input, toolSignal),
      maxSteps: env.RILL_MAX_STEPS,
      signal,
      startedAt,
      secrets,
      onEnd: end,
    });
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
