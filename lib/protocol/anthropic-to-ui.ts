import type { FinishReason, UIMessageChunk } from 'ai';
import type {
  ContentBlockParam,
  RawContentBlockDelta,
  RawContentBlockStartEvent,
  RawMessageStreamEvent,
  ServerToolUseBlock,
  TextCitation,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages';
import type { BetaMCPToolResultBlock, BetaMCPToolUseBlock } from '@anthropic-ai/sdk/resources/beta/messages';
import { addUsage, applyUsageReport, ZERO_USAGE } from '../usage';
import type { Citation, RillDataParts, RillMessageMetadata, StepSummary, StopReason } from './message-metadata';

export type RillChunk = UIMessageChunk<RillMessageMetadata, RillDataParts>;

/** A client tool Claude asked for in the last message, ready to run. */
export type RequestedToolCall = { id: string; name: string } & ({ input: unknown } | { inputError: string });

/**
 * A block as its `content_block_start` brings it. The MCP connector's blocks are a beta, outside
 * the Messages types, that Rill does not ask for; recorded streams have them, and they are shown
 * like any server tool's.
 */
type StartedBlock = RawContentBlockStartEvent['content_block'] | BetaMCPToolUseBlock | BetaMCPToolResultBlock;
/** A server tool's result, which arrives whole in its block's start. */
type ServerToolResultBlock = Exclude<Extract<StartedBlock, { tool_use_id: string }>, BetaMCPToolResultBlock>;
type ToolCallBlock = ToolUseBlock | ServerToolUseBlock | BetaMCPToolUseBlock;

type OpenBlock =
  | { kind: 'text'; id: string; text: string; citations: TextCitation[] }
  | { kind: 'reasoning'; id: string; text: string; signature: string }
  | { kind: 'redacted-reasoning'; id: string; data: string }
  | { kind: 'tool-input'; call: ToolCallBlock; json: string }
  | { kind: 'skipped' };

/**
 * The `default` of a switch over one of the SDK's unions. Every member must have its `case`
 * (an SDK update that adds one fails to type-check here until it is handled), but the API can
 * send a type newer than the installed SDK, which reaches this at runtime and is skipped.
 */
function skipUnknown(_unknown: never): [] {
  return [];
}

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

export type AnthropicToUIOptions = {
  /** A continuation's prefix for part ids, which keeps them apart from the earlier ones'. */
  partIdPrefix?: string;
  /** The steps of the answer this one continues, whose usage the totals include. */
  earlierSteps?: readonly StepSummary[];
  /** The title of a client tool shown as a dynamic part (an MCP server's name); undefined for Rill's own tools. */
  toolTitle?: (toolName: string) => string | undefined;
};

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

  constructor({ partIdPrefix = 'part', earlierSteps = [], toolTitle }: AnthropicToUIOptions = {}) {
    this.partIdPrefix = partIdPrefix;
    this.steps.push(...earlierSteps.map((step) => ({ ...step, final: true })));
    this.toolTitle = toolTitle ?? (() => undefined);
  }

  private readonly partIdPrefix: string;
  private readonly toolTitle: (toolName: string) => string | undefined;

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
        return this.onBlockStart(event.index, event.content_block);
      case 'content_block_delta':
        return this.onBlockDelta(event.index, event.delta);
      case 'content_block_stop':
        return this.endBlock(event.index, { interrupted: false });
      case 'message_delta':
        return this.onMessageDelta(event);
      case 'message_stop':
        return this.onMessageStop();
      default:
        // An event type newer than the SDK (which drops `ping` itself) carries nothing to render.
        return skipUnknown(event);
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

  private onBlockStart(index: number, block: StartedBlock): RillChunk[] {
    if (this.open.has(index)) return [];
    switch (block.type) {
      case 'text': {
        const id = this.newPartId();
        this.open.set(index, { kind: 'text', id, text: block.text, citations: [] });
        return block.text ? [{ type: 'text-start', id }, { type: 'text-delta', id, delta: block.text }] : [{ type: 'text-start', id }];
      }
      case 'thinking': {
        const id = this.newPartId();
        this.open.set(index, { kind: 'reasoning', id, text: block.thinking, signature: block.signature });
        return block.thinking
          ? [{ type: 'reasoning-start', id }, { type: 'reasoning-delta', id, delta: block.thinking }]
          : [{ type: 'reasoning-start', id }];
      }
      case 'redacted_thinking': {
        const id = this.newPartId();
        this.open.set(index, { kind: 'redacted-reasoning', id, data: block.data });
        return [{ type: 'reasoning-start', id }];
      }
      case 'tool_use':
      case 'server_tool_use':
      case 'mcp_tool_use': {
        this.open.set(index, { kind: 'tool-input', call: block, json: '' });
        this.knownToolCallIds.add(block.id);
        return [{ type: 'tool-input-start', toolCallId: block.id, toolName: block.name, ...this.toolKind(block) }];
      }
      case 'web_search_tool_result':
      case 'web_fetch_tool_result':
      case 'code_execution_tool_result':
      case 'bash_code_execution_tool_result':
      case 'text_editor_code_execution_tool_result':
      case 'tool_search_tool_result':
        this.open.set(index, { kind: 'skipped' });
        // Server tool results arrive whole; Claude needs them back verbatim on the next step.
        this.content.set(index, block);
        return this.knownToolCallIds.has(block.tool_use_id) ? [toolResultChunk(block)] : [];
      case 'mcp_tool_result':
        this.open.set(index, { kind: 'skipped' });
        return this.knownToolCallIds.has(block.tool_use_id) ? [mcpResultChunk(block)] : [];
      case 'container_upload':
        // A file put in the code execution container: nothing to show.
        this.open.set(index, { kind: 'skipped' });
        return [];
      default:
        this.open.set(index, { kind: 'skipped' });
        return skipUnknown(block);
    }
  }

  private onBlockDelta(index: number, delta: RawContentBlockDelta): RillChunk[] {
    const block = this.open.get(index);
    if (!block) return [];
    switch (delta.type) {
      case 'text_delta':
        if (block.kind !== 'text' || !delta.text) return [];
        block.text += delta.text;
        return [{ type: 'text-delta', id: block.id, delta: delta.text }];
      case 'thinking_delta':
        if (block.kind !== 'reasoning' || !delta.thinking) return [];
        block.text += delta.thinking;
        return [{ type: 'reasoning-delta', id: block.id, delta: delta.thinking }];
      case 'signature_delta':
        if (block.kind === 'reasoning') block.signature += delta.signature;
        return [];
      case 'citations_delta':
        if (block.kind === 'text') block.citations.push(delta.citation);
        return [];
      case 'input_json_delta':
        if (block.kind !== 'tool-input' || !delta.partial_json) return [];
        block.json += delta.partial_json;
        return [{ type: 'tool-input-delta', toolCallId: block.call.id, inputTextDelta: delta.partial_json }];
      default:
        return skipUnknown(delta);
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
    const explanation = event.delta.stop_details?.explanation;
    if (stopReason === 'refusal' && explanation) metadata.refusalExplanation = explanation;
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
          ...(block.citations.length ? { citations: block.citations } : {}),
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

  private endToolInput(index: number, { call, json }: Extract<OpenBlock, { kind: 'tool-input' }>, interrupted: boolean): RillChunk {
    const common = { toolCallId: call.id, toolName: call.name, ...this.toolKind(call) };
    const fail = (errorText: string): RillChunk => {
      if (call.type === 'tool_use') this.toolCalls.push({ id: call.id, name: call.name, inputError: errorText });
      return { type: 'tool-input-error', ...common, input: json, errorText };
    };
    if (interrupted) return fail('The tool call was cut off before its input was complete.');
    let input: unknown;
    try {
      // A tool without parameters streams no input at all: that is an empty object.
      input = json.trim() === '' ? {} : (JSON.parse(json) as unknown);
    } catch {
      return fail('Claude sent tool input that is not valid JSON.');
    }
    switch (call.type) {
      case 'tool_use':
        this.content.set(index, { type: 'tool_use', id: call.id, name: call.name, input });
        this.toolCalls.push({ id: call.id, name: call.name, input });
        break;
      case 'server_tool_use':
        this.content.set(index, { type: 'server_tool_use', id: call.id, name: call.name, input });
        break;
      case 'mcp_tool_use':
        // Not kept to send back: only the beta Messages API, which Rill does not call, takes MCP blocks.
        break;
    }
    return { type: 'tool-input-available', ...common, input };
  }

  /**
   * How the browser is to type a call's part: Rill's own tools are typed parts; a server tool is
   * Anthropic's to run; a tool with a title (an MCP server's) is a dynamic part under that title.
   */
  private toolKind(call: ToolCallBlock): { providerExecuted?: true; dynamic?: true; title?: string } {
    if (call.type !== 'tool_use') return { providerExecuted: true, dynamic: true };
    const title = this.toolTitle(call.name);
    return title === undefined ? {} : { dynamic: true, title };
  }

  private newPartId(): string {
    return `${this.partIdPrefix}-${this.nextPartId++}`;
  }
}


function toCitation(cited: TextCitation): Citation {
  const titled = (title: string | null, citation: Citation): Citation => (title ? { ...citation, title } : citation);
  switch (cited.type) {
    case 'web_search_result_location':
      return titled(cited.title, { url: cited.url, citedText: cited.cited_text });
    case 'search_result_location':
      return titled(cited.title, { citedText: cited.cited_text });
    case 'char_location':
    case 'page_location':
    case 'content_block_location':
      return titled(cited.document_title, { citedText: cited.cited_text });
    default:
      skipUnknown(cited);
      return {};
  }
}

function toolResultChunk({ tool_use_id: toolCallId, content }: ServerToolResultBlock): RillChunk {
  if (!Array.isArray(content) && 'error_code' in content) {
    return { type: 'tool-output-error', toolCallId, errorText: content.error_code, providerExecuted: true, dynamic: true };
  }
  return { type: 'tool-output-available', toolCallId, output: content, providerExecuted: true, dynamic: true };
}

function mcpResultChunk({ tool_use_id: toolCallId, content, is_error }: BetaMCPToolResultBlock): RillChunk {
  if (is_error) {
    const errorText = typeof content === 'string' ? content : content.map((block) => block.text).join('\n');
    return { type: 'tool-output-error', toolCallId, errorText, providerExecuted: true, dynamic: true };
  }
  return { type: 'tool-output-available', toolCallId, output: content, providerExecuted: true, dynamic: true };
}
