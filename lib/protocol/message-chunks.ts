import { getToolName, isToolUIPart } from 'ai';
import type { RillChunk } from './anthropic-to-ui';
import type { RillMessageMetadata, RillUIMessage } from './message-metadata';

/**
 * A chunk that puts something on the user's screen: the answer's first such chunk marks its first
 * token, and once it is written the new chat's title may be asked for.
 */
export function isFirstContent(chunk: RillChunk): boolean {
  return chunk.type === 'text-delta' || chunk.type === 'reasoning-delta' || chunk.type === 'tool-input-start';
}

/** How the answer ended: a continuation writes these anew, so they are not carried over. */
const ENDING_KEYS = ['stopReason', 'refusalExplanation', 'stepLimit', 'budgetScope', 'errorText', 'reconnecting'] as const;

/** The answer's metadata without how it ended: what a continuation starts from. */
export function metadataBeforeContinuing(metadata: RillMessageMetadata | null | undefined): RillMessageMetadata {
  const kept: RillMessageMetadata = { ...metadata };
  for (const key of ENDING_KEYS) delete kept[key];
  return kept;
}

/**
 * The chunks that rebuild a finished answer's parts, in order, as the AI SDK turns chunks into
 * parts (no `start` or `finish`). A continued answer's live stream opens with them, so that a
 * browser that reattaches after a reload, and the server's own record of the answer, start
 * from the whole answer and not from the continuation alone. Part ids only need to be unique
 * within these chunks; only reasoning parts keep theirs.
 */
export function chunksOfParts(parts: RillUIMessage['parts']): RillChunk[] {
  const chunks: RillChunk[] = [];
  parts.forEach((part, index) => {
    const id = `earlier-${index}`;
    if (part.type === 'step-start') {
      chunks.push({ type: 'start-step' });
    } else if (part.type === 'text') {
      chunks.push({ type: 'text-start', id }, { type: 'text-delta', id, delta: part.text }, { type: 'text-end', id });
    } else if (part.type === 'reasoning') {
      // A reasoning part keeps its id: the answer's metadata times its thinking by it.
      const reasoningId = part.id ?? id;
      chunks.push(
        { type: 'reasoning-start', id: reasoningId },
        { type: 'reasoning-delta', id: reasoningId, delta: part.text },
        { type: 'reasoning-end', id: reasoningId, ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}) },
      );
    } else if (part.type === 'data-citations') {
      chunks.push({ type: 'data-citations', ...(part.id ? { id: part.id } : {}), data: part.data });
    } else if (isToolUIPart(part)) {
      chunks.push(...toolChunks(part));
    }
  });
  return chunks;
}

type ToolPart = Extract<RillUIMessage['parts'][number], { toolCallId: string }>;

function toolChunks(part: ToolPart): RillChunk[] {
  const common = {
    toolCallId: part.toolCallId,
    toolName: getToolName(part),
    ...(part.type === 'dynamic-tool' ? { dynamic: true } : {}),
    ...(part.title ? { title: part.title } : {}),
    ...(part.providerExecuted ? { providerExecuted: true } : {}),
  };
  const output = { toolCallId: part.toolCallId, ...(part.providerExecuted ? { providerExecuted: true } : {}), ...(part.toolMetadata ? { toolMetadata: part.toolMetadata } : {}) };
  const chunks: RillChunk[] = [{ type: 'tool-input-available', ...common, input: part.input }];
  // The person's leave, asked for and given (or not), stays on the call.
  const { approval } = part;
  if (approval) {
    chunks.push({ type: 'tool-approval-request', approvalId: approval.id, toolCallId: part.toolCallId, ...(approval.requestReason ? { reason: approval.requestReason } : {}) });
    if (approval.approved !== undefined) chunks.push({ type: 'tool-approval-response', approvalId: approval.id, approved: approval.approved });
  }
  switch (part.state) {
    case 'output-available':
      return [...chunks, { type: 'tool-output-available', ...output, output: part.output }];
    case 'output-error':
      return [...chunks, { type: 'tool-output-error', ...output, errorText: part.errorText }];
    case 'output-denied':
      return [...chunks, { type: 'tool-output-denied', toolCallId: part.toolCallId }];
    default:
      return chunks;
  }
}
