import { isToolUIPart } from 'ai';
import type { RillUIMessage } from '../protocol/message-metadata';

type ToolPart = Extract<RillUIMessage['parts'][number], { toolCallId: string }>;

export const STOPPED_TOOL_ERROR = 'Stopped before it finished.';

/**
 * The answer as it stands after the user pressed Stop: marked as stopped, and with every
 * tool call that had not finished shown as stopped instead of running forever.
 */
export function markStopped(message: RillUIMessage): RillUIMessage {
  return {
    ...message,
    metadata: { ...message.metadata, stopReason: 'stopped' },
    parts: message.parts.map((part) => {
      if (!isToolUIPart(part) || (part.state !== 'input-streaming' && part.state !== 'input-available')) return part;
      const stopped: ToolPart = { ...part, state: 'output-error', input: part.input ?? {}, errorText: STOPPED_TOOL_ERROR };
      return stopped;
    }),
  };
}
