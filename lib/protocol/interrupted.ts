import { isToolUIPart } from 'ai';
import type { RillUIMessage } from './message-metadata';

type Part = RillUIMessage['parts'][number];
type ToolPart = Extract<Part, { toolCallId: string }>;

const UNFINISHED = new Set<ToolPart['state']>(['input-streaming', 'input-available', 'approval-requested', 'approval-responded']);

/**
 * The parts of an answer that ended before they did: text and thinking stop streaming, and a
 * tool call that had not finished shows `toolError` instead of running forever.
 */
export function endUnfinishedParts(parts: readonly Part[], toolError: string): Part[] {
  return parts.map((part) => {
    if (isToolUIPart(part)) {
      if (!UNFINISHED.has(part.state)) return part;
      // A call still waiting for the person's leave ends unanswered: nobody can give it any more.
      const { approval: _unanswered, output: _none, ...call } = part;
      const ended: ToolPart = { ...call, state: 'output-error', input: part.input ?? {}, errorText: toolError };
      return ended;
    }
    if ((part.type === 'text' || part.type === 'reasoning') && part.state === 'streaming') return { ...part, state: 'done' };
    return part;
  });
}
