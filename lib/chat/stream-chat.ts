import 'server-only';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { allowedModels, anthropic, defaultModel, isDemoMode } from '../anthropic/client';
import { chatErrorBody, describeUpstreamError, type ChatError } from '../anthropic/errors';
import { retryDelayMs, retryReason } from '../anthropic/retry';
import { sleep } from '../async/sleep';
import { answerSpend, takeGenerationSlot } from '../budget';
import { CapacityError, ConcurrencyLimiter } from '../concurrency/limiter';
import { env } from '../env';
import { conversationNotFound, errorResponse } from '../http/responses';
import { DEMO_MODEL_ID } from '../models';
import { uiMessageStreamResponse } from '../http/ui-message-stream';
import { handToPlatform, isAnswerInterruption, isDraining, LiveAnswersUnavailableError, readLiveAnswer, startLiveAnswer } from '../live-answers';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import type { RetryNotice } from '../protocol/message-metadata';
import { getToolRegistry } from '../tools/registry';
import { runAgentLoop, type UpstreamStream } from './agent-loop';
import { recordAnswer, recordUnanswered, saveTitle, startTurn } from './persistence';
import { messageText, refusedByPolicy, type ChatPolicy, type ChatRequest } from './request';
import { generateTitle } from './title';
import { toAnthropicMessages } from './to-anthropic';
import { upstreamParams } from './upstream-params';
import { MessageIdTakenError } from '../db/queries';

const limiter = new ConcurrencyLimiter(env.RILL_MAX_CONCURRENT_STREAMS, env.RILL_QUEUE_TIMEOUT_MS);
// Weighted by the bytes of a turn's files, which it holds, encoded several times over, while it streams.
const fileBytes = new ConcurrencyLimiter(env.RILL_ATTACHMENT_MB_IN_FLIGHT * 1024 * 1024, env.RILL_QUEUE_TIMEOUT_MS);

/** A stream slot, and room for the turn's files when it has any; one release gives back both. */
async function holdSlots(attachmentBytes: number, signal: AbortSignal): Promise<() => void> {
  const releaseStream = await limiter.acquire(signal);
  if (attachmentBytes === 0) return releaseStream;
  try {
    const releaseFiles = await fileBytes.acquire(signal, attachmentBytes);
    return () => {
      releaseFiles();
      releaseStream();
    };
  } catch (error) {
    releaseStream();
    throw error;
  }
}
const secrets = env.ANTHROPIC_API_KEY ? [env.ANTHROPIC_API_KEY] : [];
// The demo model answers whatever model a request names.
const policy: ChatPolicy = { models: isDemoMode ? 'any' : allowedModels, webTools: env.RILL_WEB_TOOLS };

/** Chunks that put something on the user's screen: once one is written, the title may be asked for. */
const FIRST_WORDS = new Set<RillChunk['type']>(['text-delta', 'reasoning-delta', 'tool-input-start']);

/**
 * Refuses what the operator does not offer (400) and a generation beyond the identity's cap
 * (429) before anything is saved, then runs the turn. The generation slot is held for as long
 * as the answer is written, which outlives this request; a turn that ends without streaming
 * gives it back at once.
 */
export async function streamChat(caller: { ownerId: string; client: string }, request: ChatRequest, requestSignal: AbortSignal): Promise<Response> {
  const { ownerId, client } = caller;
  if (isDraining()) {
    return errorResponse(503, 'shutting_down', 'This Rill server is restarting. Send your message again in a few seconds.', { 'retry-after': '5' });
  }
  const refused = refusedByPolicy(request, policy);
  if (refused) return errorResponse(400, refused.type, refused.message);
  const slot = await takeGenerationSlot(ownerId, client);
  if (!slot.ok) return slot.response;
  const response = await runTurn(ownerId, request, requestSignal, slot.release).catch((error: unknown) => {
    slot.release();
    throw error;
  });
  if (!response.ok) slot.release();
  return response;
}

/**
 * Runs one chat turn: saves the user's message, waits for a stream slot, opens the first
 * upstream step (so that failures before the first byte become proper HTTP errors), then
 * generates the answer, tool calls and further steps included, in the background. Its
 * chunks go to the stream registry, which this response (and any reconnect after a reload
 * or a dropped connection) reads from. The answer is saved as it goes and once it ends.
 * Only Stop ends a generation early: a browser that goes away does not.
 */
async function runTurn(ownerId: string, request: ChatRequest, requestSignal: AbortSignal, releaseSlot: () => void): Promise<Response> {
  const turn = await startTurn(ownerId, request).catch((error: unknown) => {
    if (error instanceof MessageIdTakenError) return error;
    throw error;
  });
  if (turn instanceof MessageIdTakenError) {
    return errorResponse(409, 'message_id_taken', 'This message id is already used by another message. Send it with a new id.');
  }
  if (!turn) return conversationNotFound();
  if (!turn.ok) return errorResponse(turn.status, turn.problem.type, turn.problem.message);

  let release: () => void;
  try {
    release = await holdSlots(turn.attachmentBytes, requestSignal);
  } catch (error) {
    if (!(error instanceof CapacityError)) throw error;
    return errorResponse(503, 'server_busy', 'Rill is handling as many conversations as it can. Try again in a few seconds.', {
      'retry-after': '5',
    });
  }
  // The files' bytes take memory: only a turn that holds its slots reads them.
  const history = await turn.loadAttachments().catch((error: unknown) => {
    release();
    throw error;
  });

  const answer = startLiveAnswer(ownerId, request.id);
  const { signal } = answer;
  const startedAt = performance.now();
  const model = isDemoMode ? DEMO_MODEL_ID : (request.model ?? defaultModel);
  const tools = getToolRegistry();
  const params = upstreamParams({ request, model, maxOutputTokens: env.RILL_MAX_OUTPUT_TOKENS, clientTools: tools.definitions, webTools: env.RILL_WEB_TOOLS });
  const spend = answerSpend(ownerId, model);
  const openStep = spend.guard((messages: MessageParam[], stepSignal: AbortSignal) =>
    anthropic.messages.create({ ...params, messages, stream: true }, { signal: stepSignal }));
  // The first call's retries are Rill's own (see openFirstStep); later steps' are the SDK's.
  const openAttempt = spend.guard((messages: MessageParam[], stepSignal: AbortSignal) =>
    anthropic.messages.create({ ...params, messages, stream: true }, { signal: stepSignal, maxRetries: 0 }));

  const messages = toAnthropicMessages(history);
  const failed = async (error: unknown): Promise<ChatError> => {
    const described = describeUpstreamError(error, secrets);
    await recordUnanswered(ownerId, request, described);
    return described;
  };
  let firstStep: UpstreamStream | undefined;
  let firstError: unknown;
  try {
    firstStep = await openAttempt(messages, signal);
  } catch (error) {
    firstError = error;
  }
  if (!firstStep && (signal.aborted || !retryReason(firstError) || env.RILL_UPSTREAM_MAX_RETRIES === 0)) {
    await answer.finish();
    release();
    // 499: the client closed the request (Stop before the first byte); nobody reads this.
    if (signal.aborted) return new Response(null, { status: 499 });
    return upstreamErrorResponse(await failed(firstError));
  }

  // Named only once Claude has accepted the first message, and not before its first words are
  // on their way: the title's own upstream call must not delay them.
  let titleRequested = !turn.needsTitle;
  const requestTitle = () => {
    if (titleRequested) return;
    titleRequested = true;
    setImmediate(() => {
      void generateTitle(ownerId, messageText(request.message)).then((title) => saveTitle(ownerId, request.id, title)).catch(() => undefined);
    });
  };

  try {
    await answer.publish();
  } catch (error) {
    // Without a place to keep the answer (Redis down), do not pay for one nobody can read.
    firstStep?.controller.abort();
    await answer.finish();
    release();
    console.error('Rill could not start a stream:', error instanceof Error ? error.message : error);
    return errorResponse(503, 'stream_unavailable', 'Rill cannot keep answers right now. Try again in a moment.', { 'retry-after': '5' });
  }

  // The generation runs to its end whoever is listening (the response reads the live answer),
  // and is handed to the platform, which would otherwise freeze it once the response ends.
  const generate = async () => {
    const opened = firstStep
      ? { stream: firstStep }
      : (await openFirstStep(firstError, messages, openAttempt, signal, (notice) => answer.write({ type: 'data-retrying', data: notice, transient: true })));
    if (!('stream' in opened)) {
      // The response has begun: the browser reads the error body from the stream's error chunk.
      if (!signal.aborted) answer.write({ type: 'error', errorText: JSON.stringify(chatErrorBody(await failed(opened.error))) });
      // Rill itself cut the wait short (shutdown, time limit): say so; after Stop nobody listens.
      else if (isAnswerInterruption(signal.reason)) answer.write({ type: 'error', errorText: signal.reason.message });
      return;
    }
    const recorded = recordAnswer(ownerId, request.id);
    try {
      await runAgentLoop({
        messageId: crypto.randomUUID(),
        model,
        promptMessages: turn.history.length,
        firstStep: opened.stream,
        messages,
        openStep,
        runTool: (name, input, toolSignal) => tools.run(name, input, toolSignal),
        maxSteps: env.RILL_MAX_STEPS,
        maxStreamRetries: env.RILL_STREAM_RETRIES,
        retryDelayMs: env.RILL_STREAM_RETRY_DELAY_MS,
        signal,
        startedAt,
        secrets,
        closingChunks: () => spend.closingChunks(),
        onChunk: (chunk) => {
          recorded.write(chunk);
          answer.write(chunk);
          if (FIRST_WORDS.has(chunk.type)) requestTitle();
        },
      });
    } finally {
      requestTitle();
      await recorded.finish();
    }
  };
  const generation = generate()
    .catch((error: unknown) => console.error('Rill could not generate an answer:', error instanceof Error ? error.message : error))
    .finally(async () => {
      await answer.finish();
      release();
      releaseSlot();
    });
  handToPlatform(generation);

  return uiMessageStreamResponse((readSignal) => answer.read(readSignal));
}

/**
 * Tries the first upstream call again after `error`, as often and as late as the SDK would
 * (RILL_UPSTREAM_MAX_RETRIES, honouring retry-after), telling the browser before each wait so
 * that it can say Claude is busy rather than only wait. The stream, or the last error.
 */
async function openFirstStep(
  error: unknown,
  messages: MessageParam[],
  openAttempt: (messages: MessageParam[], signal: AbortSignal) => Promise<UpstreamStream>,
  signal: AbortSignal,
  notify: (notice: RetryNotice) => void,
): Promise<{ stream: UpstreamStream } | { error: unknown }> {
  const maxAttempts = env.RILL_UPSTREAM_MAX_RETRIES;
  let last = error;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const reason = retryReason(last);
    if (!reason || signal.aborted) break;
    notify({ attempt, maxAttempts, reason });
    try {
      await sleep(retryDelayMs(last, attempt), signal);
      return { stream: await openAttempt(messages, signal) };
    } catch (failure) {
      last = failure;
    }
  }
  return { error: last };
}

function upstreamErrorResponse(described: ChatError): Response {
  return Response.json(chatErrorBody(described), {
    status: described.status,
    ...(described.retryAfterSeconds ? { headers: { 'retry-after': String(described.retryAfterSeconds) } } : {}),
  });
}

/** The conversation's running answer, replayed from its first chunk, for a browser that lost it; 204 when none runs. */
export async function resumeChat(ownerId: string, conversationId: string): Promise<Response> {
  try {
    return await uiMessageStreamResponse((signal) => readLiveAnswer(ownerId, conversationId, signal));
  } catch (error) {
    if (!(error instanceof LiveAnswersUnavailableError)) throw error;
    return errorResponse(503, 'stream_unavailable', 'Rill cannot reach the running answer right now. Reload in a moment.', { 'retry-after': '5' });
  }
}
