import 'server-only';
import { getDatabase } from '../db/client';
import { listStreamingMessages, settleStreamingMessage, type ConversationWithMessages, type StoredMessage } from '../db/queries';
import { endUnfinishedParts } from '../protocol/interrupted';
import type { RillMessageMetadata, RillUIMessage } from '../protocol/message-metadata';

const INTERRUPTED = 'Rill stopped before this answer finished. Continue it, or try again.';
const INTERRUPTED_TOOL = 'Interrupted before it finished.';

/** A dead answer as it is to stay: interrupted, nothing left streaming or running. */
function interrupted(message: StoredMessage): StoredMessage {
  const metadata: RillMessageMetadata = { ...(message.metadata as RillMessageMetadata | null), stopReason: 'error', errorText: INTERRUPTED };
  const parts = endUnfinishedParts(message.parts as RillUIMessage['parts'], INTERRUPTED_TOOL);
  return { ...message, parts, metadata, status: 'error' };
}

async function settle(conversationId: string, message: StoredMessage): Promise<StoredMessage> {
  const settled = interrupted(message);
  const db = await getDatabase();
  const { id, role, parts, metadata, status } = settled;
  // When it was not streaming any more, its generation ended meanwhile: what it saved stands.
  return (await settleStreamingMessage(db, conversationId, { id, role, parts, metadata, status })) ? settled : message;
}

/**
 * The conversation with any answer left `streaming` by a generation that is gone (a crash, a
 * killed function) settled as interrupted, in the database too. `isLive` says whether the
 * conversation's answer is still being generated somewhere; it is asked only when needed.
 */
export async function settleDeadAnswers(
  conversation: ConversationWithMessages,
  isLive: () => Promise<boolean>,
): Promise<ConversationWithMessages> {
  if (!conversation.messages.some((message) => message.status === 'streaming')) return conversation;
  if (await isLive()) return conversation;
  const messages = await Promise.all(
    conversation.messages.map((message) => (message.status === 'streaming' ? settle(conversation.id, message) : message)),
  );
  return { ...conversation, messages };
}

/**
 * On start, with the embedded database (which only this process can open): every answer still
 * saved as streaming belonged to a process that is gone.
 */
export async function settleAnswersOfDeadProcess(): Promise<number> {
  const streaming = await listStreamingMessages(await getDatabase());
  for (const message of streaming) await settle(message.conversationId, message);
  return streaming.length;
}
