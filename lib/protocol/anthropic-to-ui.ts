import type { FinishReason, UIMessageChunk } from 'ai';
import type { ContentBlockParam, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { addUsage, applyUsageReport, ZERO_USAGE } from '../usage';
import type { Citation, RillDataParts, RillMessageMetadata, StepSummary, StopReason } from './message-metadata';

export type RillChunk = UIMessageChunk<RillMessageMetadata, RillDataParts>;

/** A client tool Claude asked for in the last message, ready to run. */
export type RequestedToolCall = { id: string; name: string } & ({ input: unknown } | { inputError: string });

type JsonObject = Record<string, unknown>;

type OpenBlock =
  | { kind: 'text'; id: string; text: string; citations: JsonObject[] }
  | { kind: 'reasoning'; id: string; text: string; signature: string }
  | { kind: 'redacted-reasoning'; id: string; data: string }
  | { kind: 'tool-input'; toolCallId: string; toolName: string; json: string; blockType: string; providerExecuted: boolean }
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
 * Turns the raw events of one answer's Anthropic streams (one message per agent step) into
 * AI SDK UI message chunks. It owns the state of the answer and does no I/O, so every
 * recorded stream can be replayed through it in a unit test.
 *
 * Guarantees: a `*-start` chunk precedes its deltas and its `*-end`; every part that was
 * started is ended, even when the upstream message is cut short; unknown block and delta
 * types are skipped; usage within a message is a snapshot (never accumulated), and usage
 * across steps is summed. It also keeps each message's content blocks exactly as Claude
 * sent them (thinking signatures included), to send back on the next agent step.
 */
export class AnthropicToUIMapper {
  private readonly open = new Map<number, OpenBlock>();
  private readonly content = new Map<number, ContentBlockParam>();
  private readonly toolCalls: RequestedToolCall[] = [];
  private readonly knownToolCallIds = new Set<string>();
  private readonly steps: Array<StepSummary & { final: boolean }> = [];
  private messageId: string | undefined;
  private messageOpen = false;
  private nextPartId = 0;

  /**
   * `earlierSteps`: the steps of the answer this one continues, whose usage the totals include.
   * `partIdPrefix` keeps a continuation's part ids apart from the earlier ones'.
   */
  constructor({ partIdPrefix = 'part', earlierSteps = [] }: { partIdPrefix?: string; earlierSteps?: readonly StepSummary[] } = {}) {
    this.partIdPrefix = partIdPrefix;
    this.steps.push(...earlierSteps.map((step) => ({ ...step, final: true })));
  }

  private readonly partIdPrefix: string;

  /** Usage summed over every step so far. */
  get usage() {
    return this.steps.reduce((total, step) => addUsage(total, step.usage), ZERO_USAGE);
  }

  /** The stop reason of the latest message. */
  get stopReason(): StopReason | undefined {
    return this.steps.at(-1)?.stopReason;
  }

  get finishReason(): FinishReason {
    return toFinishReason(this.stopReason);
  }

  /** The latest message's content blocks, in order, ready to send back as the assistant turn. */
  lastMessageContent(): ContentBlockParam[] {
    return [...this.content.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
  }

  /** The client tools the latest message asked for, in order. */
  requestedToolCalls(): readonly RequestedToolCall[] {
    return this.toolCalls;
  }

  push(event: RawMessageStreamEvent): RillChunk[] {
    switch (event.type) {
      case 'message_start':
        return this.onMessageStart(event);
      case 'content_block_start':
        return this.onBlockStart(event.index, event.content_block as unknown as JsonObject);
      case 'content_block_delta':
        return this.onBlockDelta(event.index, event.delta as unknown as JsonObject);
      case 'content_block_stop':
        return this.endBlock(event.index, { interrupted: false });
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
   * Forgets the message in progress, for a step that failed midway and will be retried:
   * its parts are dropped without closing chunks (the browser drops them on `reset-step`),
   * and its usage does not count.
   */
  abandonMessage(): void {
    if (!this.messageOpen) return;
    this.messageOpen = false;
    this.messageId = undefined;
    this.open.clear();
    this.content.clear();
    this.toolCalls.length = 0;
    this.steps.pop();
  }

  /**
   * Ends every part still open, for a stream that stopped early (user Stop, dropped
   * connection, mid-stream error). Tool inputs that never completed become input errors.
   */
  closeOpenParts(): RillChunk[] {
    const chunks: RillChunk[] = [];
    for (const index of [...this.open.keys()]) chunks.push(...this.endBlock(index, { interrupted: true }));
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
    this.content.clear();
    this.toolCalls.length = 0;
    this.steps.push({ usage: applyUsageReport(ZERO_USAGE, event.message.usage), final: false });
    chunks.push({ type: 'start-step' }, this.metadataChunk({ model: event.message.model }));
    return chunks;
  }

  private onBlockStart(index: number, block: JsonObject): RillChunk[] {
    if (this.open.has(index)) return [];
    const type = String(block.type);
    switch (type) {
      case 'text': {
        const id = this.newPartId();
        const initial = typeof block.text === 'string' ? block.text : '';
        this.open.set(index, { kind: 'text', id, text: initial, citations: [] });
        return initial ? [{ type: 'text-start', id }, { type: 'text-delta', id, delta: initial }] : [{ type: 'text-start', id }];
      }
      case 'thinking': {
        const id = this.newPartId();
        const initial = typeof block.thinking === 'string' ? block.thinking : '';
        const signature = typeof block.signature === 'string' ? block.signature : '';
        this.open.set(index, { kind: 'reasoning', id, text: initial, signature });
        return initial
          ? [{ type: 'reasoning-start', id }, { type: 'reasoning-delta', id, delta: initial }]
          : [{ type: 'reasoning-start', id }];
      }
      case 'redacted_thinking': {
        const id = this.newPartId();
        this.open.set(index, { kind: 'redacted-reasoning', id, data: String(block.data ?? '') });
        return [{ type: 'reasoning-start', id }];
      }
      case 'tool_use':
      case 'server_tool_use':
      case 'mcp_tool_use': {
        const toolCallId = String(block.id);
        const toolName = String(block.name);
        const providerExecuted = type !== 'tool_use';
        this.open.set(index, { kind: 'tool-input', toolCallId, toolName, json: '', blockType: type, providerExecuted });
        this.knownToolCallIds.add(toolCallId);
        return [{ type: 'tool-input-start', toolCallId, toolName, ...(providerExecuted ? { providerExecuted: true, dynamic: true } : {}) }];
      }
      default: {
        this.open.set(index, { kind: 'skipped' });
        if (!TOOL_RESULT_BLOCK_TYPES.has(type) || typeof block.tool_use_id !== 'string') return [];
        // Server tool results arrive whole; Claude needs them back verbatim on the next step.
        this.content.set(index, block as unknown as ContentBlockParam);
        return this.knownToolCallIds.has(block.tool_use_id) ? [toolResultChunk(block.tool_use_id, block.content)] : [];
      }
    }
  }

  private onBlockDelta(index: number, delta: JsonObject): RillChunk[] {
    const block = this.open.get(index);
    if (!block) return [];
    switch (delta.type) {
      case 'text_delta':
        if (block.kind !== 'text' || typeof delta.text !== 'string' || !delta.text) return [];
        block.text += delta.text;
        return [{ type: 'text-delta', id: block.id, delta: delta.text }];
      case 'thinking_delta':
        if (block.kind !== 'reasoning' || typeof delta.thinking !== 'string' || !delta.thinking) return [];
        block.text += delta.thinking;
        return [{ type: 'reasoning-delta', id: block.id, delta: delta.thinking }];
      case 'signature_delta':
        if (block.kind === 'reasoning' && typeof delta.signature === 'string') block.signature += delta.signature;
        return [];
      case 'citations_delta':
        if (block.kind === 'text' && delta.citation && typeof delta.citation === 'object') {
          block.citations.push(delta.citation as JsonObject);
        }
        return [];
      case 'input_json_delta':
        if (block.kind !== 'tool-input' || typeof delta.partial_json !== 'string' || !delta.partial_json) return [];
        block.json += delta.partial_json;
        return [{ type: 'tool-input-delta', toolCallId: block.toolCallId, inputTextDelta: delta.partial_json }];
      default:
        return [];
    }
  }

  private onMessageDelta(event: Extract<RawMessageStreamEvent, { type: 'message_delta' }>): RillChunk[] {
    const step = this.steps.at(-1);
    if (!step) return [];
    step.usage = applyUsageReport(step.usage, event.usage);
    step.final = true;
    const stopReason = event.delta.stop_reason ?? undefined;
    if (stopReason) step.stopReason = stopReason;
    const metadata: RillMessageMetadata = {};
    if (stopReason) metadata.stopReason = stopReason;
    const explanation = (event.delta.stop_details as { explanation?: unknown } | null | undefined)?.explanation;
    if (stopReason === 'refusal' && typeof explanation === 'string') metadata.refusalExplanation = explanation;
    return [this.metadataChunk(metadata)];
  }

  private onMessageStop(): RillChunk[] {
    if (!this.messageOpen) return [];
    this.messageOpen = false;
    return [...this.closeOpenParts(), { type: 'finish-step' }];
  }

  private metadataChunk(extra: RillMessageMetadata): RillChunk {
    return {
      type: 'message-metadata',
      messageMetadata: {
        ...extra,
        usage: this.usage,
        usageFinal: this.steps.every((step) => step.final),
        steps: this.steps.map(({ usage, stopReason }) => (stopReason ? { usage, stopReason } : { usage })),
      },
    };
  }

  private endBlock(index: number, { interrupted }: { interrupted: boolean }): RillChunk[] {
    const block = this.open.get(index);
    if (!block) return [];
    this.open.delete(index);
    switch (block.kind) {
      case 'text': {
        const chunks: RillChunk[] = [{ type: 'text-end', id: block.id }];
        this.content.set(index, {
          type: 'text',
          text: block.text,
          ...(block.citations.length ? { citations: block.citations as never } : {}),
        });
        if (block.citations.length) {
          chunks.push({
            type: 'data-citations',
            id: `${block.id}-citations`,
            data: { textPartId: block.id, citations: block.citations.map(toCitation) },
          });
        }
        return chunks;
      }
      case 'reasoning':
        if (!interrupted) this.content.set(index, { type: 'thinking', thinking: block.text, signature: block.signature });
        return [
          {
            type: 'reasoning-end',
            id: block.id,
            ...(block.signature ? { providerMetadata: { anthropic: { signature: block.signature } } } : {}),
          },
        ];
      case 'redacted-reasoning':
        this.content.set(index, { type: 'redacted_thinking', data: block.data });
        return [{ type: 'reasoning-end', id: block.id, providerMetadata: { anthropic: { redactedData: block.data } } }];
      case 'tool-input':
        return [this.endToolInput(index, block, interrupted)];
      case 'skipped':
        return [];
    }
  }

  private endToolInput(index: number, block: Extract<OpenBlock, { kind: 'tool-input' }>, interrupted: boolean): RillChunk {
    const common = {
      toolCallId: block.toolCallId,
      toolName: block.toolName,
      ...(block.providerExecuted ? { providerExecuted: true, dynamic: true } : {}),
    };
    const fail = (errorText: string): RillChunk => {
      if (!block.providerExecuted) this.toolCalls.push({ id: block.toolCallId, name: block.toolName, inputError: errorText });
      return { type: 'tool-input-error', ...common, input: block.json, errorText };
    };
    if (interrupted) return fail('The tool call was cut off before its input was complete.');
    let input: unknown;
    try {
      // A tool without parameters streams no input at all: that is an empty object.
      input = block.json.trim() === '' ? {} : (JSON.parse(block.json) as unknown);
    } catch {
      return fail('Claude sent tool input that is not valid JSON.');
    }
    this.content.set(index, { type: block.blockType, id: block.toolCallId, name: block.toolName, input } as ContentBlockParam);
    if (!block.providerExecuted) this.toolCalls.push({ id: block.toolCallId, name: block.toolName, input });
    return { type: 'tool-input-available', ...common, input };
  }

  private newPartId(): string {
    return `${this.partIdPrefix}-${this.nextPartId++}`;
  }
}

function toCitation(raw: JsonObject): Citation {
  const citation: Citation = {};
  if (typeof raw.url === 'string') citation.url = raw.url;
  const title = raw.title ?? raw.document_title;
  if (typeof title === 'string') citation.title = title;
  if (typeof raw.cited_text === 'string') citation.citedText = raw.cited_text;
  return citation;
}

function toolResultChunk(toolCallId: string, content: unknown): RillChunk {
  const errorCode = (content as { error_code?: unknown } | null | undefined)?.error_code;
  if (typeof errorCode === 'string') {
    return { type: 'tool-output-error', toolCallId, errorText: errorCode, providerExecuted: true, dynamic: true };
  }
  return { type: 'tool-output-available', toolCallId, output: content ?? null, providerExecuted: true, dynamic: true };
}
