import type { StoredMessage } from '../db/queries';
import type { RillMessageMetadata, RillUIMessage } from '../protocol/message-metadata';

/** A saved message as the server reads it, or as the conversation API sends it to the browser. */
type SavedMessage = Pick<StoredMessage, 'id' | 'role' | 'parts' | 'metadata'>;

/**
 * The one conversion from saved messages to the UI messages the chat renders and exports.
 * Only Rill writes the rows (answers as lib/protocol maps them, user messages as the chat
 * request's schema validated them), so the saved parts are read as the UI parts they were.
 */
export function toUIMessage({ id, role, parts, metadata }: SavedMessage): RillUIMessage {
  return { id, role, parts: parts as RillUIMessage['parts'], ...(metadata ? { metadata: metadata as RillMessageMetadata } : {}) };
}

export function toUIMessages(messages: readonly SavedMessage[]): RillUIMessage[] {
  return messages.map(toUIMessage);
}
