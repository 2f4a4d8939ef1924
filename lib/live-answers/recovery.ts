import 'server-only';
import type { Database } from '../db/client';
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

/** False when it was not streaming any more: its generation ended meanwhile, or another reader settled it first. */
async function settle(db: Database, conversationId: string, message: StoredMessage): Promise<boolean> {
  const { id, role, parts, metadata, status } = interrupted(message);
  return settleStreamingMessage(db, conversationId, { id, role, parts, metadata, status });
}

/**
 * The conversation with any answer left `streaming` by a generation that is gone (a crash, a
 * killed function) settled as interrupted, in the database too. `isLive` says whether the
 * conversation's answer is still being generated somewhere; it is asked only when needed.
 */
export async function settleDeadAnswers(
  db: Database,
  conversation: ConversationWithMessages,
  isLive: () => Promise<boolean>,
  reread: () => Promise<ConversationWithMessages | undefined>,
): Promise<ConversationWithMessages> {
  const streaming = conversation.messages.filter((message) => message.status === 'streaming');
  if (streaming.length === 0 || (await isLive())) return conversation;
  const settled = await Promise.all(streaming.map((message) => settle(db, conversation.id, message)));
  if (settled.every(Boolean)) {
    return { ...conversation, messages: conversation.messages.map((message) => (message.status === 'streaming' ? interrupted(message) : message)) };
  }
  // What someone else saved in between is what stands: read it.
  return (await reread()) ?? conversation;
}

/** Settles every answer saved as streaming, in every conversation: call it only when no generation can be running. */
export async function settleAnswersLeftStreaming(db: Database): Promise<number> {
  let settled = 0;
  for (const message of await listStreamingMessages(db)) if (await settle(db, message.conversationId, message)) settled++;
  return settled;
}
