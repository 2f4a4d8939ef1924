import type { UIMessage } from 'ai';
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
  | 'error';

/** Metadata streamed on `message-metadata` chunks and kept on each assistant message. */
export type RillMessageMetadata = {
  model?: string;
  usage?: TokenUsage;
  /** True once `message_delta` has reported the final output count (before that it is an estimate). */
  usageFinal?: boolean;
  stopReason?: StopReason;
  /** Anthropic's explanation when Claude declines (`stop_details` on a refusal). */
  refusalExplanation?: string;
  /** Milliseconds from the upstream request to the first streamed token, measured on the server. */
  firstTokenMs?: number;
  /** Milliseconds from the upstream request to the end of the stream. */
  durationMs?: number;
  errorText?: string;
};

export type RillUIMessage = UIMessage<RillMessageMetadata>;
