import 'server-only';
import { getDatabase } from '../db/client';
import { chooseMessage, getConversation, ownsConversation, type ConversationWithMessages } from '../db/queries';
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
  return conversation && withDeadAnswersSettled(ownerId, conversation);
}
