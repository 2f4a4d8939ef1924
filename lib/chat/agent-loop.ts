import 'server-only';
import { sleep } from '../async/sleep';
import type { MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { describeUpstreamError } from '../anthropic/errors';
import type { UpstreamStream } from '../anthropic/upstream-stream';
import { BudgetExceededError } from '../budget';
import { isAnswerInterruption } from '../live-answers';
import { AnthropicToUIMapper, type RequestedToolCall, type RillChunk } from '../protocol/anthropic-to-ui';
import { isFirstContent, metadataBeforeContinuing } from '../protocol/message-chunks';
import { deniedCallText } from '../protocol/to-anthropic';
import type { RillMessageMetadata, StepSummary } from '../protocol/message-metadata';
import type { ToolRunResult } from '../tools/types';

/** A call waiting for the person's leave: its id (the browser answers it), and the answer when it comes. */
export type ToolApproval = {
  approvalId: string;
  /** Why the person is asked, shown with the question (a tool that may delete data says so). */
  reason?: string;
  /** 'expired' when nobody answered in time, or `signal` aborted. */
  decision(signal: AbortSignal): Promise<'allowed' | 'denied' | 'expired'>;
};

export type AgentLoopOptions = {
  /** The id of the assistant message, sent to the browser so both sides name it the same. */
  messageId: string;
  model: string;
  /** Messages in the conversation before this answer. */
  promptMessages: number;
  /** The first step, already opened so that its HTTP errors could become HTTP responses. */
  firstStep: UpstreamStream;
  /** The conversation the first step was opened with. */
  messages: MessageParam[];
  /** Opens a further step with the same parameters and this conversation. */
  openStep: (messages: MessageParam[], signal: AbortSignal) => Promise<UpstreamStream>;
  runTool: (name: string, input: unknown, signal: AbortSignal) => Promise<ToolRunResult>;
  /** Asks the person before a call runs; undefined when this call needs no one's leave. */
  askApproval?: (call: { id: string; name: string; input: unknown }) => Promise<ToolApproval | undefined>;
  /** The title a tool's card shows (an MCP server's name); undefined for Rill's own tools. */
  toolTitle?: (name: string) => string | undefined;
  maxSteps: number;
  /** Retries of a step that fails midway (overload, dropped connection), per answer. */
  maxStreamRetries: number;
  /** Base delay before such a retry; it doubles with each attempt. */
  retryDelayMs?: number;
  /** Aborted on Stop, by either path. */
  signal: AbortSignal;
  startedAt: number;
  /** Secrets to scrub from error messages. */
  secrets: readonly string[];
  /** Sees every chunk as it is sent to the browser. */
  onChunk?: (chunk: RillChunk) => void;
  /** Chunks to send just before the answer's last one, once its last step has ended (what is left of the budget). */
  closingChunks?: () => Promise<RillChunk[]>;
  /**
   * The answer this one continues, under the same message id: the stream opens with its parts
   * (`earlierChunks`, from chunksOfParts) so that it always holds the whole answer, and its
   * steps (`earlierSteps`, from settledSteps) count in the usage.
   */
  continues?: { metadata: RillMessageMetadata | undefined; earlierChunks: RillChunk[]; earlierSteps: StepSummary[] };
};

/**
 * Generates one assistant answer to its end, whoever is listening (only Stop ends it early),
 * handing each UI message chunk to `onChunk` as it is produced, and running Claude's tool
 * calls in between model calls: each `tool_use` turn runs its tools in parallel, sends the
 * results back and streams the next step into the same message; a `pause_turn` is continued.
 * The chunks go straight to `onChunk` (the stream registry and the record), with no stream
 * of their own in between: that would cost a few promise hops per chunk for nothing.
 */
export async function runAgentLoop(options: AgentLoopOptions): Promise<void> {
  const { onChunk, closingChunks } = options;
  const send = (chunk: RillChunk) => onChunk?.(chunk);
  // Synchronous for every batch but the answer's last: no promise per batch while it streams.
  const emit: Emit = (chunks) => {
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (closingChunks && (chunk.type === 'finish' || chunk.type === 'error')) return emitClosing(chunks.slice(i));
      send(chunk);
    }
  };
  const emitClosing = async (chunks: RillChunk[]) => {
    for (const chunk of chunks) {
      if (closingChunks && (chunk.type === 'finish' || chunk.type === 'error')) (await closingChunks()).forEach(send);
      send(chunk);
    }
  };
  await generateAnswer(options, emit);
}

/** Hands chunks on; a promise only when they must wait for something (the closing chunks). */
type Emit = (chunks: RillChunk[]) => Promise<void> | void;

async function generateAnswer(options: AgentLoopOptions, emit: Emit): Promise<void> {
  const { messageId, model, promptMessages, signal, maxSteps, startedAt, continues } = options;
  const mapper = new AnthropicToUIMapper({
    ...(continues ? { partIdPrefix: `part-${crypto.randomUUID().slice(0, 8)}`, earlierSteps: continues.earlierSteps } : {}),
    ...(options.toolTitle ? { toolTitle: options.toolTitle } : {}),
  });
  const elapsed = () => Math.round(performance.now() - startedAt);
  const reasoningStartedAt = new Map<string, number>();
  let firstTokenMs: number | undefined;
  let messages = options.messages;
  let upstream = options.firstStep;

  await emit(
    continues
      ? [{ type: 'start', messageId, messageMetadata: metadataBeforeContinuing(continues.metadata) }, ...continues.earlierChunks]
      : [{ type: 'start', messageId, messageMetadata: { model, promptMessages } }],
  );
  let retries = 0;
  try {
    for (let step = 1; ; step++) {
      try {
        for await (const events of upstream) {
          const batch: RillChunk[] = [];
          for (const event of events) {
            const mapped = mapper.push(event);
            if (mapped.length === 0) continue;
            if (firstTokenMs === undefined && mapped.some(isFirstContent)) {
              firstTokenMs = elapsed();
              batch.push({ type: 'message-metadata', messageMetadata: { firstTokenMs } });
            }
            for (const chunk of mapped) {
              if (chunk.type === 'reasoning-start') reasoningStartedAt.set(chunk.id, performance.now());
              if (chunk.type === 'reasoning-end' && reasoningStartedAt.has(chunk.id)) {
                const ms = Math.round(performance.now() - reasoningStartedAt.get(chunk.id)!);
                batch.push({ type: 'message-metadata', messageMetadata: { thinkingMs: { [chunk.id]: ms } } });
              }
              if (retries > 0 && chunk.type === 'start-step') batch.push({ type: 'message-metadata', messageMetadata: { reconnecting: null } });
            }
            batch.push(...mapped);
          }
          if (batch.length > 0) await emit(batch);
        }
      } catch (error) {
        if (signal.aborted || retries >= options.maxStreamRetries || !isRetryableMidStream(error)) throw error;
        // Strategy: restart the step and replace its partial text (the browser drops it on
        // `reset-step`), so the answer never shows a passage twice.
        retries++;
        mapper.abandonMessage();
        await emit([
          { type: 'reset-step' },
          { type: 'message-metadata', messageMetadata: { reconnecting: { attempt: retries, maxAttempts: options.maxStreamRetries } } },
        ]);
        await sleep((options.retryDelayMs ?? 500) * 2 ** (retries - 1), signal);
        upstream = await options.openStep(messages, signal);
        step--;
        continue;
      }
      if (signal.aborted) return await emit(stopped(mapper, elapsed(), signal.reason));

      const stopReason = mapper.stopReason;
      if (stopReason !== 'tool_use' && stopReason !== 'pause_turn') {
        return await emit([...mapper.closeOpenParts(), { type: 'finish', finishReason: mapper.finishReason, messageMetadata: { durationMs: elapsed() } }]);
      }

      const calls = mapper.requestedToolCalls();
      if (step >= maxSteps) {
        return await emit([
          ...calls.map((call): RillChunk => ({ type: 'tool-output-error', toolCallId: call.id, errorText: `Not run: this answer reached its limit of ${maxSteps} steps.` })),
          { type: 'message-metadata', messageMetadata: { stopReason: 'step_limit', stepLimit: maxSteps } },
          { type: 'finish', finishReason: 'other', messageMetadata: { durationMs: elapsed() } },
        ]);
      }

      const assistantTurn: MessageParam = { role: 'assistant', content: mapper.lastMessageContent() };
      if (stopReason === 'pause_turn') {
        // A long server-tool turn was paused: sending it back as the last message resumes it.
        messages = [...messages, assistantTurn];
      } else {
        const results = await runToolCalls(calls, options, signal, emit);
        if (signal.aborted) return await emit(stopped(mapper, elapsed(), signal.reason));
        messages = [...messages, assistantTurn, { role: 'user', content: results }];
      }
      upstream = await options.openStep(messages, signal);
    }
  } catch (error) {
    if (signal.aborted) return await emit(stopped(mapper, elapsed(), signal.reason));
    const { message, type } = describeUpstreamError(error, options.secrets);
    // A used-up budget ends the answer between steps: what was written stays, marked as cut short by it.
    const ending: RillMessageMetadata =
      error instanceof BudgetExceededError ? { stopReason: 'budget', budgetScope: error.budget.scope } : { stopReason: 'error' };
    await emit([
      ...mapper.closeOpenParts(),
      { type: 'message-metadata', messageMetadata: { ...ending, errorText: message, errorType: type, durationMs: elapsed(), reconnecting: null } },
      { type: 'error', errorText: message },
    ]);
  }
}

/** Failures worth another try: overload, a dropped connection, a server error. Never a refusal of the request itself. */
function isRetryableMidStream(error: unknown): boolean {
  const { type } = describeUpstreamError(error);
  return type === 'overloaded' || type === 'upstream_unreachable' || type === 'upstream_timeout' || type === 'upstream_error';
}

/**
 * Runs one turn's tool calls in parallel, streaming each one's news to the browser as it comes
 * (a request for the person's leave, their answer, the result), and returns the `tool_result`
 * blocks in the order Claude asked for them. A call that needs leave waits for it; the others
 * run meanwhile.
 */
async function runToolCalls(
  calls: readonly RequestedToolCall[],
  { runTool, askApproval }: Pick<AgentLoopOptions, 'runTool' | 'askApproval'>,
  signal: AbortSignal,
  emit: Emit,
): Promise<ToolResultBlockParam[]> {
  const results: ToolResultBlockParam[] = new Array(calls.length);
  // A tool's news never ends the answer, so handing it on never waits.
  const tell = (chunks: RillChunk[]) => void emit(chunks);
  const settle = (index: number, id: string, result: ToolRunResult) => {
    const toolMetadata = { durationMs: result.durationMs };
    if (result.ok) {
      results[index] = { type: 'tool_result', tool_use_id: id, content: JSON.stringify(result.output) };
      tell([{ type: 'tool-output-available', toolCallId: id, output: result.output, toolMetadata }]);
    } else {
      results[index] = { type: 'tool_result', tool_use_id: id, content: result.error, is_error: true };
      tell([{ type: 'tool-output-error', toolCallId: id, errorText: result.error, toolMetadata }]);
    }
  };

  const runCall = async (call: { id: string; name: string; input: unknown }, index: number) => {
    const approval = await askApproval?.(call);
    if (approval) {
      const { approvalId, reason } = approval;
      tell([{ type: 'tool-approval-request', approvalId, toolCallId: call.id, ...(reason ? { reason } : {}) }]);
      const decision = await approval.decision(signal);
      tell([{ type: 'tool-approval-response', approvalId, approved: decision === 'allowed' }]);
      if (decision === 'denied') {
        results[index] = { type: 'tool_result', tool_use_id: call.id, content: deniedCallText(call.name), is_error: true };
        return tell([{ type: 'tool-output-denied', toolCallId: call.id }]);
      }
      if (decision === 'expired') {
        const error = signal.aborted ? `Stopped before ${call.name} ran.` : `Not run: nobody allowed this call to ${call.name} in time.`;
        return settle(index, call.id, { ok: false, error, durationMs: 0 });
      }
    }
    settle(index, call.id, await runTool(call.name, call.input, signal));
  };

  await Promise.all(
    calls.map(async (call, index) => {
      if ('inputError' in call) {
        // The browser already shows this call as failed (tool-input-error); Claude learns why here.
        results[index] = { type: 'tool_result', tool_use_id: call.id, content: call.inputError, is_error: true };
        return;
      }
      await runCall(call, index).catch((error: unknown) => {
        // Only asking for leave can fail (its store is down): the call is then not run.
        const reason = error instanceof Error ? error.message : String(error);
        settle(index, call.id, { ok: false, error: `Not run: Rill could not ask for leave to run ${call.name} (${reason}).`, durationMs: 0 });
      });
    }),
  );
  return results;
}

/**
 * After a Stop the browser may still be listening (the explicit stop path): end cleanly, marked
 * as stopped. An answer Rill itself cut short (shutdown, time limit) ends as interrupted, saying why.
 */
function stopped(mapper: AnthropicToUIMapper, durationMs: number, reason: unknown): RillChunk[] {
  if (isAnswerInterruption(reason)) {
    return [
      ...mapper.closeOpenParts(),
      { type: 'message-metadata', messageMetadata: { stopReason: 'error', errorText: reason.message, durationMs, reconnecting: null } },
      { type: 'error', errorText: reason.message },
    ];
  }
  return [...mapper.closeOpenParts(), { type: 'finish', finishReason: 'stop', messageMetadata: { stopReason: 'stopped', durationMs } }];
}
