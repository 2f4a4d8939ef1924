import 'server-only';
import { getDatabase } from '../db/client';
import { chooseMessage, getConversation, ownsConversation, renameConversation, type ConversationWithMessages } from '../db/queries';
import { titleFromText } from '../chat/title';
import { withDeadAnswersSettled } from '../live-answers';

/**
 * Shows another version of a message: its branch becomes the conversation's current one, down
 * to what was last shown after it. The conversation as it now reads; `no_message` when the
 * owner's conversation has no such message, undefined when the conversation is not the owner's.
 */
export async function chooseBranch(ownerId: string, conversationId: string, messageId: string): Promise<ConversationWithMessages | 'no_message' | undefined> {
  const db = await getDatabase();
  if (!(await chooseMessage(db, ownerId, conversationId, messageId))) {
    return (await ownsConversation(db, ownerId, conversationId)) ? 'no_message' : undefined;
  }
  const conversation = await getConversation(db, ownerId, conversationId);
  if (!conversation) return undefined;
  // Another version of the first message is another conversation: its title follows, from its
  // first words (free, unlike the title model), unless the owner named the chat.
  const [first] = conversation.messages;
  if (first?.id === messageId) {
    const title = titleFromText(textOf(first.parts));
    if (await renameConversation(db, ownerId, conversationId, title, 'rill')) conversation.title = title;
  }
  return withDeadAnswersSettled(ownerId, conversation);
}

function textOf(parts: unknown[]): string {
  return parts
    .map((part) => (typeof part === 'object' && part !== null && 'type' in part && part.type === 'text' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}
