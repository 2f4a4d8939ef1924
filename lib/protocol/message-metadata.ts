import type { UIMessage } from 'ai';
import type { RillUITools } from '../tools';
import type { TokenUsage } from '../usage';

/** Why generation ended: Anthropic's stop reasons, plus Rill's own outcomes. */
export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded'
  | 'stopped'
  | 'step_limit'
  | 'budget'
  | 'error';

/** One model call within an answer: each tool round trip adds a step. */
export type StepSummary = { usage: TokenUsage; stopReason?: StopReason };

/** Metadata streamed on `message-metadata` chunks and kept on each assistant message. */
export type RillMessageMetadata = {
  model?: string;
  /** How many messages came before this answer when it was written (its prompt). */
  promptMessages?: number;
  /** Totals over every step of the answer. */
  usage?: TokenUsage;
  /** True once every step's closing `message_delta` has reported its final output count. */
  usageFinal?: boolean;
  steps?: StepSummary[];
  stopReason?: StopReason;
  /** Anthropic's explanation when Claude declines (`stop_details` on a refusal). */
  refusalExplanation?: string;
  /** Milliseconds from the upstream request to the first streamed token, measured on the server. */
  firstTokenMs?: number;
  /** Milliseconds from the upstream request to the end of the stream. */
  durationMs?: number;
  /** Milliseconds spent in extended thinking, by reasoning part id. */
  thinkingMs?: Record<string, number>;
  /** The step limit, when the answer reached it. */
  stepLimit?: number;
  /** Which daily budget ended the answer (stop reason `budget`): the identity's own or the whole deployment's. */
  budgetScope?: BudgetLeft['scope'];
  /**
   * Why the answer failed (on an assistant message), or why a user message has no answer
   * because its answer failed before it began (on that user message).
   */
  errorText?: string;
  /** The type of that error (lib/protocol/chat-error.ts): whether Retry can help. */
  errorType?: string;
  /** Set while a step that failed midway is retried; null once the retry streams. */
  reconnecting?: { attempt: number; maxAttempts: number } | null;
};

/** A source Claude cited for one text part. */
export type Citation = { url?: string; title?: string; citedText?: string };

/**
 * What is left today of the tighter of the operator's daily budgets: the identity's own
 * (`identity`) or the whole deployment's (`total`), in US dollars at list prices.
 */
export type BudgetLeft = { scope: 'identity' | 'total'; leftUsd: number; limitUsd: number };

/** Rill is waiting to try the first upstream call of an answer again: Claude is busy (429, 529), or did not answer. */
export type RetryNotice = { attempt: number; maxAttempts: number; reason: 'busy' | 'unavailable' };

export type RillDataParts = {
  /** The citations of the text part `textPartId`, streamed when that part ends. */
  citations: { textPartId: string; citations: Citation[] };
  /** Sent (transient, never saved) as an answer ends, when a budget is set. */
  budget: BudgetLeft;
  /** Sent (transient) while Rill waits to try the first upstream call again. */
  retrying: RetryNotice;
};

/**
 * Tool parts are typed by Rill's own tools: a `tool-get_weather` part's output is get_weather's.
 * Claude's server tools (web search, code execution) are untyped `dynamic-tool` parts.
 */
export type RillUIMessage = UIMessage<RillMessageMetadata, RillDataParts, RillUITools>;

/** One tool call of an answer: one of Rill's own tools, typed, or a `dynamic-tool` part. */
export type RillToolPart = Extract<RillUIMessage['parts'][number], { toolCallId: string }>;
