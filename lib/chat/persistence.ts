import 'server-only';
import { markSent, prepareHistoryFiles, type Refused } from '../attachments';
import { getDatabase } from '../db/client';
import {
  chooseMessage,
  createConversationWithMessage,
  getConversation,
  getMessageLineage,
  MessageIdTakenError,
  nameConversations,
  renameConversation,
  saveMessage,
  saveMessagesBatch,
  updateConversationSettings,
  updateSavedMessage,
  type ConversationName,
  type MessageInput,
  type OwnedMessageInput,
  type StoredMessage,
} from '../db/queries';
import type { RillUIMessage, StopReason } from '../protocol/message-metadata';
import type { ConversationForClaude } from '../protocol/to-anthropic';
import { answerSaveQueue, CheckpointClock, RecordedAnswer, type AnswerSave } from './answer-saves';
import { messageText, type AnswerSettings, type ChatRequest, type ContinueRequest } from './request';
import { DEFAULT_TITLE } from '../conversations/titles';
import { toUIMessage } from '../conversations/ui-messages';
import type { RillError } from '../errors';
import { titleFromText } from './title';
import { sleep } from '../async/sleep';
import { GroupCommit } from '../async/group-commit';

export type TurnStart = {
  ok: true;
  /** The conversation up to and including the user's message, its files as references to them. */
  history: StoredMessage[];
  /** The history as Claude is to read it, files with their bytes: call it only while holding a stream slot. */
  loadAttachments: () => Promise<ConversationForClaude>;
  /** What the conversation's files weigh, unencoded: what loading them puts in memory, several times over. */
  attachmentBytes: number;
  /** True when this is the first exchange of the conversation's branch, and it is not named yet: the title model names it. */
  needsTitle: boolean;
};

type ParentNotFound = { ok: false; problem: RillError<'parent_not_found'> };

/**
 * Saves the user's message before anything goes upstream, after the message it follows: an
 * edited message is a new one beside the original, and an answer asked for again is a new
 * answer beside the old one; nothing is deleted, and the branch the message is on becomes the
 * current one. Undefined when the conversation is not the owner's; refused, with nothing saved,
 * when the message it follows is not in the conversation, or the conversation's files would not
 * fit one request.
 */
export async function startTurn(ownerId: string, request: ChatRequest): Promise<TurnStart | ParentNotFound | Refused | undefined> {
  // The browser sends a conversation's first message without a parent: that is tried as a new
  // chat first, one statement, instead of a lookup that finds nothing and then the insert.
  if (request.parentId === null) {
    const started = await startNewChat(ownerId, request);
    if (started) return started;
  }
  const db = await getDatabase();
  const settings = savedSettings(request);
  const conversation = await getConversation(db, ownerId, request.id);
  const branch = conversation?.messages ?? [];
  const onBranch = (id: string) => branch.findIndex((message) => message.id === id);

  // A message saved before (Retry, Regenerate) is answered again where it is.
  const savedAt = onBranch(request.message.id);
  const saved = savedAt >= 0 ? branch.slice(0, savedAt + 1) : conversation && (await getMessageLineage(db, ownerId, request.id, request.message.id));
  let earlier: StoredMessage[];
  if (saved) earlier = saved.slice(0, -1);
  else {
    const parentId = request.parentId === undefined ? (branch.at(-1)?.id ?? null) : request.parentId;
    const parentAt = parentId === null ? -1 : onBranch(parentId);
    const lineage = parentId === null ? [] : parentAt >= 0 ? branch.slice(0, parentAt + 1) : conversation && (await savedLineage(ownerId, request.id, parentId));
    // A chat that does not exist has no message to follow.
    if (!lineage) return conversation ? { ok: false, problem: { type: 'parent_not_found', message: 'The message this one follows is not in this conversation. Reload to see the conversation as it is.' } } : undefined;
    earlier = lineage;
  }

  const history = [...earlier, storedUserMessage(request)];
  const provisionalTitle = titleFromText(messageText(request.message));
  const files = await prepareHistoryFiles(ownerId, request.id, history);
  if (!files.ok) return files;

  const userRow = userRowOf(request, earlier.at(-1)?.id ?? null);
  if (!conversation) {
    // Refused when the id exists but belongs to someone else: it does not exist for this owner.
    if (!(await createConversationWithMessage(db, { id: request.id, ownerId, title: provisionalTitle, settings }, userRow))) return undefined;
  } else {
    await updateConversationSettings(db, ownerId, request.id, settings);
    // Off the current branch (another tab moved it), the message's branch becomes the current
    // one first; a new message is then the newest of its versions, and on it too.
    const anchor = saved ? request.message.id : userRow.parentId;
    if (anchor && onBranch(anchor) < 0) await chooseMessage(db, ownerId, request.id, anchor);
    if (!(await saveMessage(db, ownerId, request.id, userRow))) throw new MessageIdTakenError(request.message.id);
  }
  await markSent(ownerId, request.id, request.message.parts);

  // The first exchange is named once; an edited first message starts a new branch, named anew,
  // from its first words until the title model has read it (a title the owner chose stays).
  const needsTitle = !earlier.some((message) => message.role === 'user') && (!saved || [DEFAULT_TITLE, provisionalTitle].includes(conversation?.title ?? provisionalTitle));
  if (conversation && needsTitle && !saved) await renameConversation(db, ownerId, request.id, provisionalTitle, 'rill');

  return {
    ok: true,
    history,
    loadAttachments: files.withBytes,
    attachmentBytes: files.bytes,
    needsTitle,
  };
}

/**
 * A new chat: the conversation and the user's message in one statement. Undefined, with nothing
 * saved, when the id is taken (the conversation exists, or is someone else's): the long way in
 * `startTurn` tells those apart.
 */
async function startNewChat(ownerId: string, request: ChatRequest): Promise<TurnStart | Refused | undefined> {
  const history = [storedUserMessage(request)];
  const files = await prepareHistoryFiles(ownerId, request.id, history);
  if (!files.ok) return files;
  const conversation = { id: request.id, ownerId, title: titleFromText(messageText(request.message)), settings: savedSettings(request) };
  if (!(await createConversationWithMessage(await getDatabase(), conversation, userRowOf(request, null)))) return undefined;
  await markSent(ownerId, request.id, request.message.parts);
  return { ok: true, history, loadAttachments: files.withBytes, attachmentBytes: files.bytes, needsTitle: true };
}

function storedUserMessage(request: ChatRequest): StoredMessage {
  return { id: request.message.id, role: 'user', parts: request.message.parts, metadata: null, status: 'complete', createdAt: new Date().toISOString() };
}

function userRowOf(request: ChatRequest, parentId: string | null): MessageInput {
  return { id: request.message.id, role: 'user', parts: request.message.parts, status: 'complete', parentId };
}

// An answer is first saved up to a second after it starts, and a stopped one's last save lands
// just after the Stop: a message sent right then follows an answer not saved yet. Wait that long
// for it before calling the parent unknown.
const PARENT_SAVE_WAIT_MS = 3_000;
const PARENT_POLL_MS = 150;

/** The lineage of a message of the owner's conversation, once it is saved; undefined when it does not come. */
async function savedLineage(ownerId: string, conversationId: string, messageId: string): Promise<StoredMessage[] | undefined> {
  const db = await getDatabase();
  const deadline = Date.now() + PARENT_SAVE_WAIT_MS;
  for (;;) {
    const lineage = await getMessageLineage(db, ownerId, conversationId, messageId);
    if (lineage || Date.now() >= deadline) return lineage;
    await sleep(PARENT_POLL_MS);
  }
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
    ...(request.connectorsOff ? { connectorsOff: request.connectorsOff } : {}),
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
export function answerRow({ ownerId, conversationId, parentId, message, phase }: AnswerSave): OwnedMessageInput {
  const stopReason = message.metadata?.stopReason;
  const status = phase === 'streaming' ? 'streaming' : (stopReason && STATUS_BY_STOP_REASON[stopReason]) || 'complete';
  return { ownerId, conversationId, parentId, id: message.id, role: 'assistant', parts: message.parts, metadata: message.metadata, status, touch: phase === 'ended' };
}

/** Saves one answer on its own: the fallback for a batch that failed. */
async function saveAnswer(save: AnswerSave): Promise<void> {
  const db = await getDatabase();
  const { ownerId, conversationId, touch, ...row } = answerRow(save);
  // Once a checkpoint has created the row, later saves only rewrite it, without a transaction.
  if (await updateSavedMessage(db, ownerId, conversationId, row, { touch })) return;
  await saveMessage(db, ownerId, conversationId, row);
}

const answerSaves = answerSaveQueue({
  saveBatch: async (saves) => saveMessagesBatch(await getDatabase(), saves.map(answerRow)),
  saveOne: saveAnswer,
});
const checkpoints = new CheckpointClock(CHECKPOINT_MS);

/** The record of a new answer to `parentId` in the owner's conversation, saved every second while it streams and once it ends. */
export function recordAnswer(ownerId: string, conversationId: string, parentId: string | null): RecordedAnswer {
  return new RecordedAnswer({ ownerId, conversationId, parentId }, answerSaves, checkpoints);
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

// The titles of chats started together are named together: one statement for a busy moment's.
const titleSaves = new GroupCommit<ConversationName>({
  keyOf: ({ ownerId, id }) => JSON.stringify([ownerId, id]),
  merge: (_, newer) => newer,
  writeBatch: async (names) => nameConversations(await getDatabase(), names),
  writeOne: async (name) => renameConversation(await getDatabase(), name.ownerId, name.id, name.title, 'rill'),
  onError: (error) => console.error('Rill could not save a title:', error instanceof Error ? error.message : error),
});

/** Names the conversation with the title model's title, unless its owner has named it; resolves once saved (or failed). */
export function saveTitle(ownerId: string, conversationId: string, title: string): Promise<void> {
  return titleSaves.add({ ownerId, id: conversationId, title });
}
