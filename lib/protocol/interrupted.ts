import { isToolUIPart } from 'ai';
import type { RillUIMessage } from './message-metadata';

type Part = RillUIMessage['parts'][number];
type ToolPart = Extract<Part, { toolCallId: string }>;

/**
 * The parts of an answer that ended before they did: text and thinking stop streaming, and a
 * tool call that had not finished shows `toolError` instead of running forever.
 */
export function endUnfinishedParts(parts: readonly Part[], toolError: string): Part[] {
  return parts.map((part) => {
    if (isToolUIPart(part)) {
      if (part.state !== 'input-streaming' && part.state !== 'input-available') return part;
      const ended: ToolPart = { ...part, state: 'output-error', input: part.input ?? {}, errorText: toolError };
      return ended;
    }
    if ((part.type === 'text' || part.type === 'reasoning') && part.state === 'streaming') return { ...part, state: 'done' };
    return part;
  });
}
