/** The conversation list changed (a new conversation, an answer finished, a title arrived). */
export const CONVERSATIONS_CHANGED = 'rill:conversations-changed';

export function announceConversationsChanged(): void {
  window.dispatchEvent(new Event(CONVERSATIONS_CHANGED));
}
