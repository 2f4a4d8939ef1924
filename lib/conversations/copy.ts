import 'server-only';
import { copyMessageFiles, keepCopies, type FileScope, type Refused } from '../attachments';
import { attachmentIdFromUrl, attachmentUrl } from '../attachments/rules';
import { getDatabase } from '../db/client';
import { getConversation, insertConversationCopy, type ConversationSettings, type MessageStatus, type StoredMessage } from '../db/queries';

/** What a copy is made from: a conversation's current messages, or a shared snapshot's. */
export type CopySource = {
  title: string;
  settings: ConversationSettings;
  messages: ReadonlyArray<Pick<StoredMessage, 'role' | 'parts' | 'metadata' | 'status'>>;
  /** Where the messages' files are kept, and how to read a file's id from its part's URL. */
  files: FileScope & { idOf: (url: string) => string | undefined };
};

// An answer still being written is copied as far as it got: the copy has no stream to follow.
const settled = (status: MessageStatus): MessageStatus => (status === 'streaming' ? 'stopped' : status);

/**
 * Copies the messages and their files into a new conversation of the owner, with new ids for
 * everything: "Fork to a new chat" and "Continue this conversation" from a shared link are this
 * one operation. Answers with the new conversation's id, or the quota the files did not fit.
 */
export async function copyToNewConversation(ownerId: string, source: CopySource): Promise<{ ok: true; id: string } | Refused> {
  const id = crypto.randomUUID();
  const copied = await copyMessageFiles(source.files, { ownerId, conversationId: id, urlOf: attachmentUrl }, source.messages);
  if (!copied.ok) return copied;
  await insertConversationCopy(
    await getDatabase(),
    { id, ownerId, title: source.title, settings: source.settings },
    copied.messages.map((message) => ({ id: crypto.randomUUID(), role: message.role, parts: message.parts, metadata: message.metadata, status: settled(message.status) })),
  );
  await keepCopies({ ownerId, conversationId: id });
  return { ok: true, id };
}

/** "Fork to a new chat": the owner's conversation as it is now, files and all, in a new chat of theirs. Undefined when it is not theirs. */
export async function forkConversation(ownerId: string, conversationId: string): Promise<{ ok: true; id: string } | Refused | undefined> {
  const conversation = await getConversation(await getDatabase(), ownerId, conversationId);
  if (!conversation) return undefined;
  return copyToNewConversation(ownerId, {
    title: `${conversation.title} (fork)`,
    settings: conversation.settings,
    messages: conversation.messages,
    files: { ownerId, conversationId, idOf: attachmentIdFromUrl },
  });
}
