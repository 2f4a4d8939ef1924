import 'server-only';
import { markSent, withAttachmentBytes } from '../attachments';
import { getDatabase } from '../db/client';
import {
  createConversation,
  deleteMessagesFrom,
  getConversation,
  renameConversation,
  saveMessage,
  updateConversationSettings,
  updateSavedMessage,
  type ConversationWithMessages,
  type MessageInput,
  type StoredMessage,
} from '../db/queries';
import type { RillUIMessage, StopReason } from '../protocol/message-metadata';
import type { ChatRequest } from './request';

export const UNTITLED = 'New chat';

export type TurnStart = {
  /** The conversation up to and including the user's message, as Claude will see it (attachments with their bytes). */
  history: StoredMessage[];
  /** True when this is the conversation's first exchange, which names it. */
  needsTitle: boolean;
};

/**
 * Saves the user's message before anything goes upstream and makes it the end of the
 * conversation: an edited message replaces the original and drops what followed it, and a
 * regenerated answer drops the old one. Undefined when the conversation is not the owner's.
 */
export async function startTurn(ownerId: string, request: ChatRequest): Promise<TurnStart | undefined> {
  const db = await getDatabase();
  const settings = {
    ...(request.model ? { model: request.model } : {}),
    ...(request.system !== undefined ? { system: request.system } : {}),
    ...(request.thinking ? { thinking: request.thinking } : {}),
    webSearch: request.webSearch ?? false,
  };
  let conversation: Pick<ConversationWithMessages, 'title' | 'messages'> | undefined = await getConversation(db, ownerId, request.id);
  if (!conversation) {
    try {
      await createConversation(db, { id: request.id, ownerId, title: UNTITLED, settings });
    } catch {
      // The id exists but belongs to someone else: it does not exist for this owner.
      return undefined;
    }
    // Just created: no messages, and its title is UNTITLED; no need to read it back.
    conversation = { title: UNTITLED, messages: [] };
  } else {
    await updateConversationSettings(db, ownerId, request.id, settings);
  }

  const messages = conversation.messages;
  const index = messages.findIndex((message) => message.id === request.message.id);
  const following = index >= 0 ? messages[index + 1] : undefined;
  if (following) await deleteMessagesFrom(db, ownerId, request.id, following.id);
  await saveMessage(db, ownerId, request.id, { id: request.message.id, role: 'user', parts: request.message.parts, status: 'complete' });
  await markSent(ownerId, request.id, request.message.parts);

  const earlier = index >= 0 ? messages.slice(0, index) : messages;
  const userMessage: StoredMessage = { id: request.message.id, role: 'user', parts: request.message.parts, metadata: null, status: 'complete', createdAt: new Date().toISOString() };
  return {
    history: await withAttachmentBytes(ownerId, request.id, [...earlier, userMessage]),
    needsTitle: conversation.title === UNTITLED && !earlier.some((message) => message.role === 'user'),
  };
}

const STATUS_BY_STOP_REASON: Partial<Record<StopReason, 'stopped' | 'error'>> = { stopped: 'stopped', error: 'error' };

/** Saves the answer as it stands: while it streams (a checkpoint), and once it has ended. */
export async function saveAnswer(
  ownerId: string,
  conversationId: string,
  message: RillUIMessage,
  phase: 'streaming' | 'ended',
): Promise<void> {
  const db = await getDatabase();
  const stopReason = message.metadata?.stopReason;
  const status = phase === 'streaming' ? 'streaming' : (stopReason && STATUS_BY_STOP_REASON[stopReason]) || 'complete';
  const row: MessageInput = { id: message.id, role: 'assistant', parts: message.parts, metadata: message.metadata, status };
  // Once a checkpoint has created the row, later saves only rewrite it, without a transaction.
  if (await updateSavedMessage(db, ownerId, conversationId, row, { touch: phase === 'ended' })) return;
  await saveMessage(db, ownerId, conversationId, row);
}

export async function saveTitle(ownerId: string, conversationId: string, title: string): Promise<void> {
  await renameConversation(await getDatabase(), ownerId, conversationId, title);
}
