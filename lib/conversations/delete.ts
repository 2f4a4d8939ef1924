import 'server-only';
import { deleteAttachmentsOf } from '../attachments';
import { getDatabase } from '../db/client';
import { deleteConversation } from '../db/queries';
import { revokeShare } from '../shares';

/**
 * Deletes the conversation, its messages and its attachments, and revokes its shared link (with
 * the link's copies of the files). Attachments go even when the conversation was never saved:
 * files uploaded for a first message that was never sent.
 */
export async function deleteConversationAndAttachments(ownerId: string, conversationId: string): Promise<boolean> {
  await revokeShare(ownerId, conversationId);
  const deleted = await deleteConversation(await getDatabase(), ownerId, conversationId);
  await deleteAttachmentsOf(ownerId, conversationId);
  return deleted;
}
