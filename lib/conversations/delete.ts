import 'server-only';
import { deleteAttachmentsOf } from '../attachments';
import { getDatabase } from '../db/client';
import { deleteConversation } from '../db/queries';

/**
 * Deletes the conversation, its messages and its attachments. Attachments go even when the
 * conversation was never saved: files uploaded for a first message that was never sent.
 */
export async function deleteConversationAndAttachments(ownerId: string, conversationId: string): Promise<boolean> {
  const deleted = await deleteConversation(await getDatabase(), ownerId, conversationId);
  await deleteAttachmentsOf(ownerId, conversationId);
  return deleted;
}
