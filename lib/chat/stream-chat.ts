import 'server-only';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { allowedModels, defaultModel, isDemoMode, streamMessage } from '../anthropic/client';
import type { UpstreamStream } from '../anthropic/upstream-stream';
import { describeUpstreamError, isPrefillRefusal, type ChatError } from '../anthropic/errors';
import { retryDelayMs, retryReason } from '../anthropic/retry';
import { sleep } from '../async/sleep';
import { answerSpend, takeGenerationSlot } from '../budget';
import { CapacityError, ConcurrencyLimiter } from '../concurrency/limiter';
import { env } from '../env';
import { conversationNotFound, errorBody, errorResponse } from '../errors';
import { DEMO_MODEL_ID, takesPrefill, THINKING_BUDGETS, thinkingSupport } from '../models';
import { uiMessageStreamResponse } from '../http/ui-message-stream';
import { handToPlatform, isAnswerInterruption, isDraining, LiveAnswersUnavailableError, readLiveAnswer, startLiveAnswer } from '../live-answers';
import type { RetryNotice } from '../protocol/message-metadata';
import type { Caller } from '../security/guard';
import { getToolRegistry } from '../tools/registry';
import { chunksOfParts, isFirstContent } from '../protocol/message-chunks';
import { settledSteps } from '../usage/message-usage';
import { runAgentLoop, type AgentLoopOptions } from './agent-loop';
import { recordAnswer, recordUnanswered, saveTitle, startContinuation, startTurn } from './persistence';
import { messageText, refusedByPolicy, type AnswerSettings, type ChatPolicy, type ChatRequest, type ContinueRequest } from './request';
import { generateTitle } from './title';
import { toAnthropicMessages, toContinuationMessages, type ConversationForClaude } from '../protocol/to-anthropic';
import { upstreamParams } from './upstream-params';
import { combineAnswerTools } from './answer-tools';
import { mcpToolsForAnswer, openApproval } from '../mcp';
import { ownerInstructions } from '../instructions';
import { getDatabase } from '../db/client';
import { MessageIdTakenError, ownsConversation } from '../db/queries';

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

/**
 * Refuses what the operator does not offer (400) and a generation beyond the identity's cap
 * (429) before anything is saved, then runs the turn. The generation slot is held for as long
 * as the answer is written, which outlives this request; a turn that ends without streaming
 * gives it back at once.
 */
export async function streamChat(caller: Caller, request: ChatRequest, requestSignal: AbortSignal): Promise<Response> {
  return withGenerationSlot(caller, request, requestSignal, (base) => runTurn(base, request));
}

/**
 * Continues the conversation's last answer where it was cut off, in the same message: no
 * message is added, and the continuation streams onto the end of the answer. Refused and
 * limited like a turn.
 */
export async function continueChat(caller: Caller, request: ContinueRequest, requestSignal: AbortSignal): Promise<Response> {
  return withGenerationSlot(caller, request, requestSignal, (base) => runContinuation(base, request));
}

/** What every answer is planned from: who asks, in which conversation, with which settings, and the slot it holds. */
type AnswerBase = Pick<AnswerPlan, 'ownerId' | 'conversationId' | 'settings' | 'requestSignal' | 'releaseSlot'>;

async function withGenerationSlot(
  caller: Caller,
  request: AnswerSettings & { id: string },
  requestSignal: AbortSignal,
  run: (base: AnswerBase) => Promise<Response>,
): Promise<Response> {
  const { ownerId, client } = caller;
  if (isDraining()) {
    return errorResponse({ type: 'shutting_down', message: 'This Rill server is restarting.', retryAfterSeconds: 5 });
  }
  const refused = refusedByPolicy(request, policy);
  if (refused) return errorResponse(refused);
  const slot = await takeGenerationSlot(ownerId, client);
  if (!slot.ok) return slot.response;
  const response = await run({ ownerId, conversationId: request.id, settings: request, requestSignal, releaseSlot: slot.release }).catch((error: unknown) => {
    slot.release();
    throw error;
  });
  if (!response.ok) slot.release();
  return response;
}

/** Saves the user's message, then answers it in a new assistant message. */
async function runTurn(base: AnswerBase, request: ChatRequest): Promise<Response> {
  const { ownerId } = base;
  const turn = await startTurn(ownerId, request).catch((error: unknown) => {
    if (error instanceof MessageIdTakenError) return error;
    throw error;
  });
  if (turn instanceof MessageIdTakenError) {
    return errorResponse({ type: 'message_id_taken', message: 'This message id is already used by another message. Send it with a new id.' });
  }
  if (!turn) return conversationNotFound();
  if (!turn.ok) return errorResponse(turn.problem);
  return runAnswer({
    ...base,
    files: turn,
    upstream: (conversation) => ({ messages: toAnthropicMessages(conversation), settings: request }),
    messageId: crypto.randomUUID(),
    parentId: request.message.id,
    promptMessages: turn.history.length,
    // A turn that fails before its answer begins keeps why on the user's message, for a reload.
    onUnanswered: (error) => recordUnanswered(ownerId, request, error),
    ...(turn.needsTitle ? { titleFrom: messageText(request.message) } : {}),
  });
}

/** Writes on at the end of the conversation's last answer, under its id. */
async function runContinuation(base: AnswerBase, request: ContinueRequest): Promise<Response> {
  const continuation = await startContinuation(base.ownerId, request);
  if (!continuation) return conversationNotFound();
  if (!continuation.ok) return errorResponse(continuation.problem);
  const { answer } = continuation;
  const earlierChunks = chunksOfParts(answer.parts);
  return runAnswer({
    ...base,
    files: continuation,
    // The answer so far as a prefill, for the models that take one, and only without thinking
    // (so it is turned off for the continuation); every other model is asked, after its answer,
    // to go on. Should Anthropic refuse a prefill after all, the request is asked that way instead.
    upstream: (conversation, model) =>
      takesPrefill(model) && thinkingSupport(model) !== 'always'
        ? { messages: toContinuationMessages(conversation, { prefill: true }), settings: { ...request, thinking: { enabled: false, budgetTokens: THINKING_BUDGETS[0] } } }
        : { messages: toContinuationMessages(conversation, { prefill: false }), settings: request },
    fallback: (conversation) => ({ messages: toContinuationMessages(conversation, { prefill: false }), settings: request }),
    messageId: answer.id,
    parentId: continuation.history.at(-2)?.id ?? null,
    promptMessages: answer.metadata?.promptMessages ?? continuation.history.length - 1,
    continues: { metadata: answer.metadata, earlierChunks, earlierSteps: settledSteps(answer) },
    // The browser that asked already shows the answer so far: its response starts after the
    // `start` chunk (the same message) and the chunks that rebuild the answer for other readers.
    readFrom: 1 + earlierChunks.length,
  });
}

/** One way of asking Anthropic for the answer: the conversation, and the settings it is sent with. */
type Upstream = { messages: MessageParam[]; settings: AnswerSettings };

type AnswerPlan = {
  ownerId: string;
  conversationId: string;
  /** The request's settings, for its model (each upstream request has its own, see `upstream`). */
  settings: AnswerSettings;
  requestSignal: AbortSignal;
  releaseSlot: () => void;
  /** The conversation's files: what they weigh, and the conversation with their bytes. */
  files: { attachmentBytes: number; loadAttachments: () => Promise<ConversationForClaude> };
  upstream: (conversation: ConversationForClaude, model: string) => Upstream;
  /** Asked instead when Anthropic refuses `upstream` as a prefill. */
  fallback?: (conversation: ConversationForClaude) => Upstream;
  messageId: string;
  /** The message the answer follows. */
  parentId: string | null;
  promptMessages: number;
  /** Told why the answer failed before it began. */
  onUnanswered?: (error: ChatError) => Promise<void>;
  /** The first message's text, when the answer is to name a new conversation. */
  titleFrom?: string;
  continues?: AgentLoopOptions['continues'];
  /** The first chunk of the live answer this response sends (0: all of it). */
  readFrom?: number;
};

/**
 * Runs one answer: waits for a stream slot, opens the first upstream step (so that failures
 * before the first byte become proper HTTP errors), then generates the answer, tool calls and
 * further steps included, in the background. Its chunks go to the stream registry, which this
 * response (and any reconnect after a reload or a dropped connection) reads from. The answer
 * is saved as it goes and once it ends. Only Stop ends a generation early: a browser that goes
 * away does not.
 */
async function runAnswer(plan: AnswerPlan): Promise<Response> {
  const { ownerId, conversationId } = plan;
  const [instructions, mcpTools] = await Promise.all([
    ownerInstructions(ownerId),
    mcpToolsForAnswer(ownerId, plan.settings.connectorsOff ?? [], plan.requestSignal),
  ]);
  const tools = combineAnswerTools(getToolRegistry(), mcpTools, (call) => openApproval({ ownerId, conversationId, ...call }));
  let release: () => void;
  try {
    release = await holdSlots(plan.files.attachmentBytes, plan.requestSignal);
  } catch (error) {
    if (!(error instanceof CapacityError)) throw error;
    return errorResponse({ type: 'server_busy', message: 'Rill is handling as many conversations as it can.', retryAfterSeconds: 5 });
  }
  // The files' bytes take memory: only a turn that holds its slots reads them.
  const conversation = await plan.files.loadAttachments().catch((error: unknown) => {
    release();
    throw error;
  });

  const answer = startLiveAnswer(ownerId, conversationId);
  const { signal } = answer;
  const startedAt = performance.now();
  const model = isDemoMode ? DEMO_MODEL_ID : (plan.settings.model ?? defaultModel);
  const spend = answerSpend(ownerId, model);
  const opener = (settings: AnswerSettings, maxRetries?: number) => {
    const params = upstreamParams({ request: settings, instructions, model, maxOutputTokens: env.RILL_MAX_OUTPUT_TOKENS, clientTools: tools.definitions, webTools: env.RILL_WEB_TOOLS });
    return spend.guard((messages: MessageParam[], stepSignal: AbortSignal) =>
      streamMessage({ ...params, messages, stream: true }, { signal: stepSignal, ...(maxRetries === undefined ? {} : { maxRetries }) }));
  };

  // The first call's retries are Rill's own (see openFirstStep); later steps' are the SDK's.
  let upstream = plan.upstream(conversation, model);
  const attemptFirstStep = async (stepSignal: AbortSignal): Promise<UpstreamStream> => {
    try {
      return await opener(upstream.settings, 0)(upstream.messages, stepSignal);
    } catch (error) {
      if (!plan.fallback || stepSignal.aborted || !isPrefillRefusal(error)) throw error;
      upstream = plan.fallback(conversation);
      return opener(upstream.settings, 0)(upstream.messages, stepSignal);
    }
  };
  const failed = async (error: unknown): Promise<ChatError> => {
    const described = describeUpstreamError(error, secrets);
    await plan.onUnanswered?.(described);
    return described;
  };
  let firstStep: UpstreamStream | undefined;
  let firstError: unknown;
  try {
    firstStep = await attemptFirstStep(signal);
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
  const { titleFrom } = plan;
  let titleRequested = titleFrom === undefined;
  const requestTitle = () => {
    if (titleRequested || titleFrom === undefined) return;
    titleRequested = true;
    setImmediate(() => {
      void generateTitle(ownerId, titleFrom).then((title) => saveTitle(ownerId, conversationId, title)).catch(() => undefined);
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
    return errorResponse({ type: 'stream_unavailable', message: 'Rill cannot keep answers right now.', retryAfterSeconds: 5 });
  }

  // The generation runs to its end whoever is listening (the response reads the live answer),
  // and is handed to the platform, which would otherwise freeze it once the response ends.
  const generate = async () => {
    const opened = firstStep
      ? { stream: firstStep }
      : await openFirstStep(firstError, attemptFirstStep, signal, (notice) => answer.write({ type: 'data-retrying', data: notice, transient: true }));
    if (!('stream' in opened)) {
      // The response has begun: the browser reads the error body from the stream's error chunk.
      if (!signal.aborted) answer.write({ type: 'error', errorText: JSON.stringify(errorBody(await failed(opened.error))) });
      // Rill itself cut the wait short (shutdown, time limit): say so; after Stop nobody listens.
      else if (isAnswerInterruption(signal.reason)) answer.write({ type: 'error', errorText: signal.reason.message });
      return;
    }
    const recorded = recordAnswer(ownerId, conversationId, plan.parentId);
    try {
      await runAgentLoop({
        messageId: plan.messageId,
        model,
        promptMessages: plan.promptMessages,
        firstStep: opened.stream,
        messages: upstream.messages,
        openStep: opener(upstream.settings),
        runTool: tools.run,
        askApproval: tools.askApproval,
        toolTitle: tools.toolTitle,
        maxSteps: env.RILL_MAX_STEPS,
        maxStreamRetries: env.RILL_STREAM_RETRIES,
        retryDelayMs: env.RILL_STREAM_RETRY_DELAY_MS,
        signal,
        startedAt,
        secrets,
        closingChunks: () => spend.closingChunks(),
        ...(plan.continues ? { continues: plan.continues } : {}),
        onChunk: (chunk) => {
          recorded.write(chunk);
          answer.write(chunk);
          if (isFirstContent(chunk)) requestTitle();
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
      plan.releaseSlot();
    });
  handToPlatform(generation);

  return uiMessageStreamResponse((readSignal) => answer.read(readSignal, plan.readFrom));
}

/**
 * Tries the first upstream call again after `error`, as often and as late as the SDK would
 * (RILL_UPSTREAM_MAX_RETRIES, honouring retry-after), telling the browser before each wait so
 * that it can say Claude is busy rather than only wait. The stream, or the last error.
 */
async function openFirstStep(
  error: unknown,
  open: (signal: AbortSignal) => Promise<UpstreamStream>,
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
      return { stream: await open(signal) };
    } catch (failure) {
      last = failure;
    }
  }
  return { error: last };
}

function upstreamErrorResponse(described: ChatError): Response {
  return errorResponse(described);
}

/** The conversation's running answer, replayed from its first chunk, for a browser that lost it; 204 when none runs. */
export async function resumeChat(ownerId: string, conversationId: string): Promise<Response> {
  try {
    const response = await uiMessageStreamResponse((signal) => readLiveAnswer(ownerId, conversationId, signal));
    // Nothing running (204) is only for the owner's own conversation: anyone else's is a 404, as everywhere.
    if (response.status === 204 && !(await ownsConversation(await getDatabase(), ownerId, conversationId))) return conversationNotFound();
    return response;
  } catch (error) {
    if (!(error instanceof LiveAnswersUnavailableError)) throw error;
    return errorResponse({ type: 'stream_unavailable', message: 'Rill cannot reach the running answer right now. Reload in a moment.', retryAfterSeconds: 5 });
  }
}
