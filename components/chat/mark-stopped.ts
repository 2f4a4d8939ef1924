import { endUnfinishedParts } from '@/lib/protocol/interrupted';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';

export const STOPPED_TOOL_ERROR = 'Stopped before it finished.';

/** The answer as it stands after the user pressed Stop: marked as stopped, nothing left running. */
export function markStopped(message: RillUIMessage): RillUIMessage {
  return { ...message, metadata: { ...message.metadata, stopReason: 'stopped' }, parts: endUnfinishedParts(message.parts, STOPPED_TOOL_ERROR) };
}
