import type { FinishReason, UIMessageChunk } from 'ai';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { applyUsageReport, ZERO_USAGE, type TokenUsage } from '../usage';
import type { RillMessageMetadata, StopReason } from './message-metadata';

export type RillChunk = UIMessageChunk<RillMessageMetadata>;

type OpenBlock =
  | { kind: 'text'; id: string }
  | { kind: 'reasoning'; id: string; signature: string }
  | { kind: 'redacted-reasoning'; id: string; data: string }
  | { kind: 'tool-input'; toolCallId: string; toolName: string; json: string; providerExecuted: boolean }
  | { kind: 'skipped' };

const TOOL_RESULT_BLOCK_TYPES = new Set([
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_result',
]);

/** Maps Anthropic's `stop_reason` onto the AI SDK's finish reason. */
export function toFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * Turns the raw events of one Anthropic streaming response (possibly several messages, one
 * per agent step) into AI SDK UI message chunks. It owns the state of one stream and does
 * no I/O, so every recorded stream can be replayed through it in a unit test.
 *
 * Guarantees: a `*-start` chunk precedes its deltas and its `*-end`; every part that was
 * started is ended, even when the upstream message is cut short; unknown block and delta
 * types are skipped; usage is reported as a snapshot (never accumulated within a message).
 */
export class AnthropicToUIMapper {
  private readonly blocks = new Map<number, OpenBlock>();
  private messageId: string | undefined;
  private messageOpen = false;
  private nextPartId = 0;
  private usageSnapshot: TokenUsage = ZERO_USAGE;
  private lastStopReason: StopReason | undefined;

  constructor(private readonly partIdPrefix = 'part') {}

  get usage(): TokenUsage {
    return this.usageSnapshot;
  }

  get stopReason(): StopReason | undefined {
    return this.lastStopReason;
  }

  get finishReason(): FinishReason {
    return toFinishReason(this.lastStopReason);
  }

  /** Whether the last message reached `message_stop`. */
  get isMessageOpen(): boolean {
    return this.messageOpen;
  }

  push(event: RawMessageStreamEvent): RillChunk[] {
    switch (event.type) {
      case 'message_start':
        return this.onMessageStart(event);
      case 'content_block_start':
        return this.onBlockStart(event.index, event.content_block as unknown as Record<string, unknown>);
      case 'content_block_delta':
        return this.onBlockDelta(event.index, event.delta as unknown as Record<string, unknown>);
      case 'content_block_stop':
        return this.onBlockStop(event.index);
      case 'message_delta':
        return this.onMessageDelta(event);
      case 'message_stop':
        return this.onMessageStop();
      default:
        // `ping` and event types added after this code was written carry nothing to render.
        return [];
    }
  }

  /**
   * Ends every part still open, for a stream that stopped early (user Stop, dropped
   * connection, mid-stream error). Tool inputs that never completed become input errors.
   */
  closeOpenParts(): RillChunk[] {
    const chunks: RillChunk[] = [];
    for (const index of [...this.blocks.keys()]) {
      chunks.push(...this.endBlock(index, { interrupted: true }));
    }
    return chunks;
  }

  private onMessageStart(event: Extract<RawMessageStreamEvent, { type: 'message_start' }>): RillChunk[] {
    const chunks: RillChunk[] = [];
    if (this.messageOpen) {
      // The same message announced twice is a harmless repeat; a different message while
      // one is open means the first was cut off, so its parts are closed before moving on.
      if (event.message.id === this.messageId) return [];
      chunks.push(...this.closeOpenParts(), { type: 'finish-step' });
    }
    this.messageId = event.message.id;
    this.messageOpen = true;
    this.usageSnapshot = applyUsageReport(ZERO_USAGE, event.message.usage);
    this.lastStopReason = undefined;
    chunks.push(
      { type: 'start-step' },
      {
        type: 'message-metadata',
        messageMetadata: { model: event.message.model, usage: this.usageSnapshot, usageFinal: false },
      },
    );
    return chunks;
  }

  private onBlockStart(index: number, block: Record<string, unknown>): RillChunk[] {
    if (this.blocks.has(index)) return [];
    const type = String(block.type);
    switch (type) {
      case 'text': {
        const id = this.newPartId();
        this.blocks.set(index, { kind: 'text', id });
        const initial = typeof block.text === 'string' ? block.text : '';
        return initial
          ? [{ type: 'text-start', id }, { type: 'text-delta', id, delta: initial }]
          : [{ type: 'text-start', id }];
      }
      case 'thinking': {
        const id = this.newPartId();
        const signature = typeof block.signature === 'string' ? block.signature : '';
        this.blocks.set(index, { kind: 'reasoning', id, signature });
        const initial = typeof block.thinking === 'string' ? block.thinking : '';
        return initial
          ? [{ type: 'reasoning-start', id }, { type: 'reasoning-delta', id, delta: initial }]
          : [{ type: 'reasoning-start', id }];
      }
      case 'redacted_thinking': {
        const id = this.newPartId();
        this.blocks.set(index, { kind: 'redacted-reasoning', id, data: String(block.data ?? '') });
        return [{ type: 'reasoning-start', id }];
      }
      case 'tool_use':
      case 'server_tool_use':
      case 'mcp_tool_use': {
        const toolCallId = String(block.id);
        const toolName = String(block.name);
        const providerExecuted = type !== 'tool_use';
        this.blocks.set(index, { kind: 'tool-input', toolCallId, toolName, json: '', providerExecuted });
        return [
          {
            type: 'tool-input-start',
            toolCallId,
            toolName,
            ...(providerExecuted ? { providerExecuted: true, dynamic: true } : {}),
          },
        ];
      }
      default: {
        this.blocks.set(index, { kind: 'skipped' });
        if (TOOL_RESULT_BLOCK_TYPES.has(type) && typeof block.tool_use_id === 'string') {
          return [toolResultChunk(block.tool_use_id, block.content)];
        }
        return [];
      }
    }
  }

  private onBlockDelta(index: number, delta: Record<string, unknown>): RillChunk[] {
    const block = this.blocks.get(index);
    if (!block) return [];
    switch (delta.type) {
      case 'text_delta':
        return block.kind === 'text' && typeof delta.text === 'string' && delta.text
          ? [{ type: 'text-delta', id: block.id, delta: delta.text }]
          : [];
      case 'thinking_delta':
        return block.kind === 'reasoning' && typeof delta.thinking === 'string' && delta.thinking
          ? [{ type: 'reasoning-delta', id: block.id, delta: delta.thinking }]
          : [];
      case 'signature_delta':
        if (block.kind === 'reasoning' && typeof delta.signature === 'string') block.signature += delta.signature;
        return [];
      case 'input_json_delta':
        if (block.kind !== 'tool-input' || typeof delta.partial_json !== 'string' || !delta.partial_json) return [];
        block.json += delta.partial_json;
        return [{ type: 'tool-input-delta', toolCallId: block.toolCallId, inputTextDelta: delta.partial_json }];
      default:
        // citations_delta and future delta types: nothing to render yet.
        return [];
    }
  }

  private onBlockStop(index: number): RillChunk[] {
    return this.endBlock(index, { interrupted: false });
  }

  private onMessageDelta(event: Extract<RawMessageStreamEvent, { type: 'message_delta' }>): RillChunk[] {
    this.usageSnapshot = applyUsageReport(this.usageSnapshot, event.usage);
    const stopReason = event.delta.stop_reason ?? undefined;
    if (stopReason) this.lastStopReason = stopReason;
    const metadata: RillMessageMetadata = { usage: this.usageSnapshot, usageFinal: true };
    if (stopReason) metadata.stopReason = stopReason;
    const explanation = (event.delta.stop_details as { explanation?: unknown } | null | undefined)?.explanation;
    if (stopReason === 'refusal' && typeof explanation === 'string') metadata.refusalExplanation = explanation;
    return [{ type: 'message-metadata', messageMetadata: metadata }];
  }

  private onMessageStop(): RillChunk[] {
    if (!this.messageOpen) return [];
    this.messageOpen = false;
    return [...this.closeOpenParts(), { type: 'finish-step' }];
  }

  private endBlock(index: number, { interrupted }: { interrupted: boolean }): RillChunk[] {
    const block = this.blocks.get(index);
    if (!block) return [];
    this.blocks.delete(index);
    switch (block.kind) {
      case 'text':
        return [{ type: 'text-end', id: block.id }];
      case 'reasoning':
        return [
          {
            type: 'reasoning-end',
            id: block.id,
            ...(block.signature ? { providerMetadata: { anthropic: { signature: block.signature } } } : {}),
          },
        ];
      case 'redacted-reasoning':
        return [{ type: 'reasoning-end', id: block.id, providerMetadata: { anthropic: { redactedData: block.data } } }];
      case 'tool-input':
        return [toolInputEndChunk(block, interrupted)];
      case 'skipped':
        return [];
    }
  }

  private newPartId(): string {
    return `${this.partIdPrefix}-${this.nextPartId++}`;
  }
}

function toolInputEndChunk(block: Extract<OpenBlock, { kind: 'tool-input' }>, interrupted: boolean): RillChunk {
  const common = {
    toolCallId: block.toolCallId,
    toolName: block.toolName,
    ...(block.providerExecuted ? { providerExecuted: true, dynamic: true } : {}),
  };
  if (interrupted) {
    return { type: 'tool-input-error', ...common, input: block.json, errorText: 'The tool call was cut off before its input was complete.' };
  }
  // A tool without parameters streams no input at all: that is an empty object.
  if (block.json.trim() === '') return { type: 'tool-input-available', ...common, input: {} };
  try {
    return { type: 'tool-input-available', ...common, input: JSON.parse(block.json) as unknown };
  } catch {
    return { type: 'tool-input-error', ...common, input: block.json, errorText: 'Claude sent tool input that is not valid JSON.' };
  }
}

function toolResultChunk(toolCallId: string, content: unknown): RillChunk {
  const errorCode = (content as { error_code?: unknown } | null | undefined)?.error_code;
  if (typeof errorCode === 'string') {
    return { type: 'tool-output-error', toolCallId, errorText: errorCode, providerExecuted: true, dynamic: true };
  }
  return { type: 'tool-output-available', toolCallId, output: content ?? null, providerExecuted: true, dynamic: true };
}
