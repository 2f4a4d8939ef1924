import 'server-only';
import { markSent, prepareHistoryFiles, type Refused } from '../attachments';
import { getDatabase } from '../db/client';
import {
  createConversationWithMessage,
  deleteMessagesFrom,
  getConversation,
  renameConversation,
  saveMessage,
  saveMessagesBatch,
  updateConversationSettings,
  updateSavedMessage,
  type MessageInput,
  type OwnedMessageInput,
  type StoredMessage,
} from '../db/queries';
import type { RillUIMessage, StopReason } from '../protocol/message-metadata';
import type { ConversationForClaude } from '../protocol/to-anthropic';
import { AnswerSaveQueue, CheckpointClock, RecordedAnswer, type AnswerSave } from './answer-saves';
import { messageText, type AnswerSettings, type ChatRequest, type ContinueRequest } from './request';
import { DEFAULT_TITLE } from '../conversations/titles';
import { toUIMessage } from '../conversations/ui-messages';
import type { RillError } from '../errors';
import { titleFromText } from './title';

export type TurnStart = {
  ok: true;
  /** The conversation up to and including the user's message, its files as references to them. */
  history: StoredMessage[];
  /** The history as Claude is to read it, files with their bytes: call it only while holding a stream slot. */
  loadAttachments: () => Promise<ConversationForClaude>;
  /** What the conversation's files weigh, unencoded: what loading them puts in memory, several times over. */
  attachmentBytes: number;
  /** True when this is the conversation's first exchange and it still has its provisional title: the title model names it. */
  needsTitle: boolean;
};

/**
 * Saves the user's message before anything goes upstream and makes it the end of the
 * conversation: an edited message replaces the original and drops what followed it, and a
 * regenerated answer drops the old one. Undefined when the conversation is not the owner's;
 * refused, with nothing saved, when the conversation's files would not fit one request.
 */
export async function startTurn(ownerId: string, request: ChatRequest): Promise<TurnStart | Refused | undefined> {
  const db = await getDatabase();
  const settings = savedSettings(request);
  const userRow: MessageInput = { id: request.message.id, role: 'user', parts: request.message.parts, status: 'complete' };
  const conversation = await getConversation(db, ownerId, request.id);
  const messages = conversation?.messages ?? [];
  const index = messages.findIndex((message) => message.id === request.message.id);
  const earlier = index >= 0 ? messages.slice(0, index) : messages;
  const userMessage: StoredMessage = { id: request.message.id, role: 'user', parts: request.message.parts, metadata: null, status: 'complete', createdAt: new Date().toISOString() };
  const history = [...earlier, userMessage];
  const provisionalTitle = titleFromText(messageText(request.message));
  const files = await prepareHistoryFiles(ownerId, request.id, history);
  if (!files.ok) return files;

  let saved = false;
  if (!conversation) {
    // A new chat: the conversation and the user's message in one statement. Refused when the
    // id exists but belongs to someone else: it does not exist for this owner.
    if (!(await createConversationWithMessage(db, { id: request.id, ownerId, title: provisionalTitle, settings }, userRow))) return undefined;
    saved = true;
  } else {
    await updateConversationSettings(db, ownerId, request.id, settings);
  }

  const following = index >= 0 ? messages[index + 1] : undefined;
  if (following) await deleteMessagesFrom(db, ownerId, request.id, following.id);
  if (!saved) await saveMessage(db, ownerId, request.id, userRow);
  await markSent(ownerId, request.id, request.message.parts);

  return {
    ok: true,
    history,
    loadAttachments: files.withBytes,
    attachmentBytes: files.bytes,
    // A title the user chose is kept, even when the first answer is tried again.
    needsTitle: [DEFAULT_TITLE, provisionalTitle].includes(conversation?.title ?? provisionalTitle) && !earlier.some((message) => message.role === 'user'),
  };
}

/** The conversation's settings as a request leaves them. */
function savedSettings(request: AnswerSettings) {
  return {
    ...(request.model ? { model: request.model } : {}),
    ...(request.system !== undefined ? { system: request.system } : {}),
    ...(request.thinking ? { thinking: request.thinking } : {}),
    webSearch: request.webSearch ?? false,
    ...(request.effort ? { effort: request.effort } : {}),
    ...(request.cacheTtl ? { cacheTtl: request.cacheTtl } : {}),
  };
}

export type ContinuationStart = {
  ok: true;
  /** The whole conversation, its last message the answer to continue. */
  history: StoredMessage[];
  /** The answer to continue, as saved. */
  answer: RillUIMessage;
  loadAttachments: TurnStart['loadAttachments'];
  attachmentBytes: number;
};

type NotContinuable = { ok: false; problem: RillError<'not_continuable'> };

/**
 * Checks that the answer can be continued (it is the conversation's last message, and has
 * ended) and saves the settings it is continued with. Undefined when the conversation is not
 * the owner's; refused when the answer is not there to continue, or the conversation's files
 * would not fit one request.
 */
export async function startContinuation(ownerId: string, request: ContinueRequest): Promise<ContinuationStart | NotContinuable | Refused | undefined> {
  const db = await getDatabase();
  const conversation = await getConversation(db, ownerId, request.id);
  if (!conversation) return undefined;
  const last = conversation.messages.at(-1);
  if (last?.role !== 'assistant' || last.id !== request.messageId || last.status === 'streaming') {
    return { ok: false, problem: { type: 'not_continuable', message: 'Only the last answer of a conversation can be continued, once it has ended. Reload to see the conversation as it is.' } };
  }
  const files = await prepareHistoryFiles(ownerId, request.id, conversation.messages);
  if (!files.ok) return files;
  await updateConversationSettings(db, ownerId, request.id, savedSettings(request));
  return { ok: true, history: conversation.messages, answer: toUIMessage(last), loadAttachments: files.withBytes, attachmentBytes: files.bytes };
}

// An answer a budget cut short is stored as interrupted, like one an error ended.
const STATUS_BY_STOP_REASON: Partial<Record<StopReason, 'stopped' | 'error'>> = { stopped: 'stopped', error: 'error', budget: 'error' };
/** How often a streaming answer is saved, so a crash loses at most about this much. */
const CHECKPOINT_MS = 1_000;

/** The row of an answer as it stands: streaming, or ended as complete, stopped or failed. */
export function answerRow({ ownerId, conversationId, message, phase }: AnswerSave): OwnedMessageInput {
  const stopReason = message.metadata?.stopReason;
  const status = phase === 'streaming' ? 'streaming' : (stopReason && STATUS_BY_STOP_REASON[stopReason]) || 'complete';
  return { ownerId, conversationId, id: message.id, role: 'assistant', parts: message.parts, metadata: message.metadata, status, touch: phase === 'ended' };
}

/** Saves one answer on its own: the fallback for a batch that failed. */
async function saveAnswer(save: AnswerSave): Promise<void> {
  const db = await getDatabase();
  const { ownerId, conversationId, touch, ...row } = answerRow(save);
  // Once a checkpoint has created the row, later saves only rewrite it, without a transaction.
  if (await updateSavedMessage(db, ownerId, conversationId, row, { touch })) return;
  await saveMessage(db, ownerId, conversationId, row);
}

const answerSaves = new AnswerSaveQueue({
  saveBatch: async (saves) => saveMessagesBatch(await getDatabase(), saves.map(answerRow)),
  saveOne: saveAnswer,
});
const checkpoints = new CheckpointClock(CHECKPOINT_MS);

/** The record of a new answer in the owner's conversation, saved every second while it streams and once it ends. */
export function recordAnswer(ownerId: string, conversationId: string): RecordedAnswer {
  return new RecordedAnswer({ ownerId, conversationId }, answerSaves, checkpoints);
}

/**
 * Keeps, on the user's message, why its answer failed before it began, so that the chat says so
 * again after a reload; the message's next save (Retry, an edit) clears it.
 */
export async function recordUnanswered(ownerId: string, request: ChatRequest, error: { type: string; message: string }): Promise<void> {
  const row: MessageInput = {
    id: request.message.id,
    role: 'user',
    parts: request.message.parts,
    metadata: { errorType: error.type, errorText: error.message },
    status: 'complete',
  };
  await updateSavedMessage(await getDatabase(), ownerId, request.id, row).catch((failure: unknown) => {
    console.error('Rill could not save why an answer failed:', failure instanceof Error ? failure.message : failure);
  });
}

export async function saveTitle(ownerId: string, conversationId: string, title: string): Promise<void> {
  await renameConversation(await getDatabase(), ownerId, conversationId, title);
}
