import 'server-only';
import { and, asc, desc, eq, exists, gt, gte, ilike, inArray, isNotNull, isNull, lt, max, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { currentBranch, type MessageVersions } from '../conversations/branches';
import { DEFAULT_TITLE } from '../conversations/titles';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_TITLE_CHARS } from '../limits';
import type { Database } from './client';
import {
  accessSessions,
  attachments,
  conversations,
  dailySpend,
  users,
  messages,
  shares,
  type ConversationSettings,
  type MessageRole,
  type MessageStatus,
  type SharedMessage,
} from './schema';

// The one entry point for reads and writes. Every function is scoped to an owner: a conversation
// that belongs to someone else behaves exactly like one that does not exist (undefined / false).

export type { ConversationSettings, MessageRole, MessageStatus, SharedMessage };

export type ConversationSummary = {
  id: string;
  title: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601: the last time a message was saved or deleted (renames and settings leave it). */
  updatedAt: string;
  settings: ConversationSettings;
};

export type StoredMessage = {
  id: string;
  role: MessageRole;
  /** The AI SDK UI message parts, as saved. */
  parts: unknown[];
  metadata: unknown;
  status: MessageStatus;
  /** ISO 8601. */
  createdAt: string;
};

/** A conversation with the messages of its current branch, and the versions of those that have others. */
export type ConversationWithMessages = ConversationSummary & { messages: StoredMessage[]; versions: MessageVersions };

/** A message with its place in the tree: null for a first message. */
export type TreeMessage = StoredMessage & { parentId: string | null };

/** A conversation with every message of every branch, in the order they were saved, and the ids of its current branch. */
export type ConversationTree = ConversationSummary & { messages: TreeMessage[]; currentPath: string[] };

export type MessageInput = {
  id: string;
  role: MessageRole;
  parts: unknown[];
  metadata?: unknown;
  status: MessageStatus;
  /**
   * The message this one follows, when it is new (null: a first message). Left out, it follows
   * the end of the current branch. A saved message keeps its place.
   */
  parentId?: string | null;
};

type UsageTotals = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};


/** A message id is unique across all conversations; a client that reuses one gets this. */
export class MessageIdTakenError extends Error {
  constructor(readonly messageId: string) {
    super(`Message id ${messageId} is already used by another message.`);
  }
}

/** Postgres's unique_violation, as PGlite and node-postgres report it (Drizzle wraps it in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Thrown by listConversations for a cursor it did not issue: answer it with a 400. */
export class InvalidCursorError extends Error {
  constructor() {
    super('Invalid conversation list cursor');
    this.name = 'InvalidCursorError';
  }
}

// ---------------------------------------------------------------------------------------------
// Conversations

export async function createConversation(
  db: Database,
  input: { id: string; ownerId: string; title?: string; settings?: ConversationSettings },
): Promise<ConversationSummary> {
  // An id that is already taken (by anyone) makes this throw a unique violation.
  const [row] = await db
    .insert(conversations)
    .values({
      id: input.id,
      ownerId: input.ownerId,
      title: normalizeTitle(input.title ?? DEFAULT_TITLE),
      settings: sanitizeJson(input.settings ?? {}),
    })
    .returning(summaryColumns);
  if (!row) throw new Error('Insert returned no row');
  return toSummary(row);
}

/**
 * Creates the conversation and saves its first message in one statement: a new chat's first
 * turn costs one round trip instead of an insert and a transaction. False when the id is
 * already taken (by anyone): the caller then goes the long way, which tells the two apart.
 */
export async function createConversationWithMessage(
  db: Database,
  input: { id: string; ownerId: string; title?: string; settings?: ConversationSettings },
  message: MessageInput,
): Promise<boolean> {
  const stored = storedColumns(message);
  const created = await db
    .execute(
      sql`
    with conversation as (
      insert into ${conversations} (id, owner_id, title, settings)
      values (${input.id}, ${input.ownerId}, ${normalizeTitle(input.title ?? DEFAULT_TITLE)}, ${JSON.stringify(sanitizeJson(input.settings ?? {}))}::jsonb)
      on conflict (id) do nothing
      returning id
    )
    insert into ${messages} (id, conversation_id, position, role, parts, metadata, status, model,
      input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, text_content)
    select ${message.id}, conversation.id, 0, ${message.role}, ${JSON.stringify(stored.parts)}::jsonb,
      ${stored.metadata === null ? null : JSON.stringify(stored.metadata)}::jsonb, ${stored.status}, ${stored.model},
      ${stored.inputTokens}, ${stored.outputTokens}, ${stored.cacheReadTokens}, ${stored.cacheWriteTokens}, ${stored.textContent}
    from conversation
    returning id`,
    )
    .catch((error: unknown) => {
      // The whole statement rolled back: no conversation was created either.
      throw isUniqueViolation(error) ? new MessageIdTakenError(message.id) : error;
    });
  return rowsOf(created).length > 0;
}

/** What a stored message is read as. */
const messageColumns = {
  id: messages.id,
  role: messages.role,
  parts: messages.parts,
  metadata: messages.metadata,
  status: messages.status,
  createdAt: messages.createdAt,
};

function toStoredMessage<Row extends { metadata: unknown; createdAt: Date }>(row: Row): Omit<Row, 'metadata' | 'createdAt'> & { metadata: unknown; createdAt: string } {
  return { ...row, metadata: row.metadata ?? null, createdAt: row.createdAt.toISOString() };
}

/** Whether the conversation exists and is the owner's, without reading it. */
export async function ownsConversation(db: Database, ownerId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)));
  return row !== undefined;
}

/**
 * The chosen_at of a message chosen or saved now: later than any other of the conversation's,
 * even within the same millisecond or should the database's clock step back, so that the
 * latest choice always wins.
 */
function latestChoice(conversationId: string | SQL) {
  return sql`greatest(now(), (select max(chosen_at) from ${messages} where conversation_id = ${conversationId}) + interval '1 millisecond')`;
}

/** What the tree of a conversation's messages is built from, without their content. */
const nodeColumns = { id: messages.id, parentId: messages.parentId, chosenAt: messages.chosenAt, position: messages.position };

function messageNodes(db: Pick<Database, 'select'>, conversationId: string) {
  return db.select(nodeColumns).from(messages).where(eq(messages.conversationId, conversationId));
}

/** These messages of the conversation, in the order of `ids`. */
async function messagesById(db: Database, conversationId: string, ids: readonly string[]): Promise<StoredMessage[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(messageColumns)
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), inArray(messages.id, [...ids])));
  const byId = new Map(rows.map((row) => [row.id, toStoredMessage(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The conversation with the messages of its current branch (and the versions of each): what the chat shows and Claude reads. */
export async function getConversation(
  db: Database,
  ownerId: string,
  id: string,
): Promise<ConversationWithMessages | undefined> {
  const [conversation] = await db
    .select(summaryColumns)
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)));
  if (!conversation) return undefined;
  // The tree first, without the content, so that only the current branch's parts are read.
  const { path, versions } = currentBranch(await messageNodes(db, id));
  return { ...toSummary(conversation), messages: await messagesById(db, id, path), versions };
}

/** The conversation with every message of every branch (the JSON export). */
export async function getConversationTree(db: Database, ownerId: string, id: string): Promise<ConversationTree | undefined> {
  const [conversation] = await db
    .select(summaryColumns)
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)));
  if (!conversation) return undefined;
  const rows = await db
    .select({ ...messageColumns, parentId: messages.parentId, chosenAt: messages.chosenAt, position: messages.position })
    .from(messages)
    .where(eq(messages.conversationId, id))
    .orderBy(asc(messages.position));
  const { path } = currentBranch(rows);
  return {
    ...toSummary(conversation),
    messages: rows.map(({ chosenAt: _chosenAt, position: _position, ...row }) => toStoredMessage(row)),
    currentPath: path,
  };
}

/**
 * The message and the messages before it on its branch, first message first: the history an
 * answer to it is written from. Undefined when the owner's conversation has no such message.
 */
export async function getMessageLineage(db: Database, ownerId: string, conversationId: string, messageId: string): Promise<StoredMessage[] | undefined> {
  const lineage = rowsOf(
    await db.execute(sql`
      with recursive lineage as (
        select m.id, m.parent_id, 0 as depth
        from ${messages} m join ${conversations} c on c.id = m.conversation_id and c.owner_id = ${ownerId}
        where m.id = ${messageId} and m.conversation_id = ${conversationId}
        union all
        select p.id, p.parent_id, lineage.depth + 1 from ${messages} p join lineage on p.id = lineage.parent_id
      )
      select id from lineage order by depth desc`),
  ).map((row) => String(row.id));
  if (lineage.length === 0) return undefined;
  return messagesById(db, conversationId, lineage);
}

/**
 * Makes the message's branch the current one: it and every message before it become the
 * latest chosen of their versions, and what follows it is what was last shown after it.
 * False when the owner's conversation has no such message.
 */
export async function chooseMessage(db: Database, ownerId: string, conversationId: string, messageId: string): Promise<boolean> {
  const chosen = await db.execute(sql`
    with recursive lineage as (
      select m.id, m.parent_id
      from ${messages} m join ${conversations} c on c.id = m.conversation_id and c.owner_id = ${ownerId}
      where m.id = ${messageId} and m.conversation_id = ${conversationId}
      union all
      select p.id, p.parent_id from ${messages} p join lineage on p.id = lineage.parent_id
    )
    update ${messages} set chosen_at = ${latestChoice(conversationId)} where id in (select id from lineage) returning id`);
  return rowsOf(chosen).length > 0;
}

export async function listConversations(
  db: Database,
  ownerId: string,
  options: { limit?: number; cursor?: string; search?: string } = {},
): Promise<{ conversations: ConversationSummary[]; nextCursor: string | null }> {
  const limit = clampLimit(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const search = options.search?.trim();
  const pattern = search ? `%${escapeLike(search)}%` : undefined;

  const rows = await db
    .select(summaryColumns)
    .from(conversations)
    .where(
      and(
        eq(conversations.ownerId, ownerId),
        after
          ? or(
              lt(conversations.updatedAt, after.updatedAt),
              and(eq(conversations.updatedAt, after.updatedAt), lt(conversations.id, after.id)),
            )
          : undefined,
        pattern ? or(ilike(conversations.title, pattern), inArray(conversations.id, conversationsMatchingOnPath(ownerId, pattern))) : undefined,
      ),
    )
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    conversations: page.map(toSummary),
    nextCursor: rows.length > limit && last ? encodeCursor(last.updatedAt, last.id) : null,
  };
}

/**
 * The owner's conversations with a message on the current branch whose text matches: the
 * versions left behind are not what the conversation says any more. The branch is walked
 * from the roots through the latest chosen child of each message, as currentBranch does.
 */
function conversationsMatchingOnPath(ownerId: string, pattern: string) {
  return sql`(
    with recursive chosen as (
      select m.id, m.parent_id, m.conversation_id, m.text_content
      from ${messages} m join ${conversations} c on c.id = m.conversation_id and c.owner_id = ${ownerId}
      where not exists (
        select 1 from ${messages} s
        where s.conversation_id = m.conversation_id and s.parent_id is not distinct from m.parent_id
          and (s.chosen_at, s.position) > (m.chosen_at, m.position)
      )
    ),
    branch as (
      select id, conversation_id, text_content from chosen where parent_id is null
      union all
      select chosen.id, chosen.conversation_id, chosen.text_content from chosen join branch on chosen.parent_id = branch.id
    )
    select conversation_id from branch where text_content ilike ${pattern}
  )`;
}

/**
 * Names the owner's conversation. A name the owner chose stays: one Rill gives (`by: 'rill'`,
 * from the first words or the title model) changes nothing after it, and says false.
 */
export async function renameConversation(db: Database, ownerId: string, id: string, title: string, by: 'owner' | 'rill' = 'owner'): Promise<boolean> {
  const rows = await db
    .update(conversations)
    .set({ title: normalizeTitle(title), ...(by === 'owner' ? { titleChosen: true } : {}) })
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId), by === 'rill' ? eq(conversations.titleChosen, false) : undefined))
    .returning({ id: conversations.id });
  return rows.length > 0;
}

export type ConversationName = { ownerId: string; id: string; title: string };

/**
 * Gives each of the owners' conversations the name Rill chose for it (the title model's), in one
 * statement: a name the owner chose stays. At most one entry per conversation.
 */
export async function nameConversations(db: Database, names: readonly ConversationName[]): Promise<void> {
  if (names.length === 0) return;
  const input = JSON.stringify(names.map(({ ownerId, id, title }) => ({ id, owner_id: ownerId, title: normalizeTitle(title) })));
  await db.execute(sql`
    update ${conversations} c set title = i.title
    from jsonb_to_recordset(${input}::jsonb) as i(id text, owner_id text, title text)
    where c.id = i.id and c.owner_id = i.owner_id and not c.title_chosen`);
}

export async function updateConversationSettings(
  db: Database,
  ownerId: string,
  id: string,
  settings: ConversationSettings,
): Promise<boolean> {
  const rows = await db
    .update(conversations)
    .set({ settings: sanitizeJson(settings) })
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)))
    .returning({ id: conversations.id });
  return rows.length > 0;
}

/** Deletes the conversation and (by cascade) its messages. */
export async function deleteConversation(db: Database, ownerId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.ownerId, ownerId)))
    .returning({ id: conversations.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Messages

/** The columns a message's content fills, cleaned of what Postgres cannot store. */
function storedColumns(message: MessageInput) {
  const parts = sanitizeJson(message.parts);
  const metadata = message.metadata === undefined ? null : sanitizeJson(message.metadata);
  return {
    parts,
    metadata,
    status: message.status,
    textContent: textOf(parts),
    model: modelOf(metadata),
    ...usageOf(metadata),
  };
}

/**
 * Rewrites a message that is already saved, in a single statement (and with `touch`, a second
 * one that moves the conversation to the top of the list): the checkpoints of a streaming
 * answer, every second for every open answer, must not each cost a transaction.
 * False when the owner has no such message (then saveMessage creates it).
 */
export async function updateSavedMessage(
  db: Database,
  ownerId: string,
  conversationId: string,
  message: MessageInput,
  options: { touch?: boolean } = {},
): Promise<boolean> {
  const owned = db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)));
  const updated = await db
    .update(messages)
    .set(storedColumns(message))
    .where(and(eq(messages.id, message.id), eq(messages.conversationId, conversationId), exists(owned)))
    .returning({ id: messages.id });
  if (updated.length === 0) return false;
  // Moves the conversation to the top of the list, as saveMessage does.
  if (options.touch) await touch(db, conversationId);
  return true;
}

/**
 * Rewrites an answer only while it is still saved as streaming: settling an answer whose
 * generation is gone must never overwrite the final save of one that just ended. False when
 * it was not streaming (any more).
 */
export async function settleStreamingMessage(db: Database, conversationId: string, message: MessageInput): Promise<boolean> {
  const updated = await db
    .update(messages)
    .set(storedColumns(message))
    .where(and(eq(messages.id, message.id), eq(messages.conversationId, conversationId), eq(messages.status, 'streaming')))
    .returning({ id: messages.id });
  return updated.length > 0;
}

/** Every answer saved as streaming, in every conversation: what a crash may have left behind. */
export async function listStreamingMessages(db: Database): Promise<Array<StoredMessage & { ownerId: string; conversationId: string }>> {
  const rows = await db
    .select({ ...messageColumns, conversationId: messages.conversationId, ownerId: conversations.ownerId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(eq(messages.status, 'streaming'));
  return rows.map(toStoredMessage);
}

export type OwnedMessageInput = MessageInput & {
  ownerId: string;
  conversationId: string;
  /** Also move the conversation to the top of the list (the answer's final save). */
  touch?: boolean;
};

/**
 * Saves many messages, each in its own owner's conversation, in ONE statement: inserted after
 * their parent when new (without one, after the message saved last), rewritten in place when
 * saved before. The checkpoints of
 * every open answer go in one of these a second, instead of one statement (or transaction)
 * each. A new message and a `touch` move its conversation to the top of the list, as
 * saveMessage does. Returns the ids saved: a message whose conversation is not its owner's,
 * or whose id belongs to another conversation, is left out. Throws when two new messages of
 * one conversation would take the same position (use saveMessage for those, one by one); a
 * message id must not appear twice.
 */
export async function saveMessagesBatch(db: Database, batch: readonly OwnedMessageInput[]): Promise<Set<string>> {
  if (batch.length === 0) return new Set();
  const input = JSON.stringify(
    batch.map((message) => {
      const stored = storedColumns(message);
      return {
        id: message.id,
        conversation_id: message.conversationId,
        owner_id: message.ownerId,
        parent_id: message.parentId ?? null,
        role: message.role,
        parts: stored.parts,
        metadata: stored.metadata,
        status: stored.status,
        model: stored.model,
        input_tokens: stored.inputTokens,
        output_tokens: stored.outputTokens,
        cache_read_tokens: stored.cacheReadTokens,
        cache_write_tokens: stored.cacheWriteTokens,
        text_content: stored.textContent,
        touch: message.touch === true,
      };
    }),
  );
  // xmax = 0 tells a row this statement inserted from one it updated.
  const saved = await db.execute(sql`
    with input as (
      select i.* from jsonb_to_recordset(${input}::jsonb) as i(
        id text, conversation_id text, owner_id text, parent_id text, role text, parts jsonb, metadata jsonb, status text, model text,
        input_tokens integer, output_tokens integer, cache_read_tokens integer, cache_write_tokens integer,
        text_content text, touch boolean)
      join ${conversations} c on c.id = i.conversation_id and c.owner_id = i.owner_id
    ),
    saved as (
      insert into ${messages} as m (id, conversation_id, parent_id, position, chosen_at, role, parts, metadata, status, model,
        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, text_content)
      select id, conversation_id,
        coalesce(parent_id, (select id from ${messages} where conversation_id = input.conversation_id order by position desc limit 1)),
        coalesce((select max(position) from ${messages} where conversation_id = input.conversation_id), -1) + 1,
        ${latestChoice(sql`input.conversation_id`)},
        role, parts, metadata, status, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, text_content
      from input
      on conflict (id) do update set
        parts = excluded.parts, metadata = excluded.metadata, status = excluded.status, model = excluded.model,
        input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
        cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens,
        text_content = excluded.text_content
        where m.conversation_id = excluded.conversation_id
      returning m.id, m.conversation_id, (m.xmax = 0) as inserted
    ),
    touched as (
      update ${conversations} c set updated_at = now()
      from saved join input on input.id = saved.id
      where c.id = saved.conversation_id and (saved.inserted or input.touch)
      returning c.id
    )
    select id from saved`);
  return new Set(rowsOf(saved).map((row) => String(row.id)));
}

/**
 * Inserts the message after its parent (by default, at the end of the current branch), or
 * updates it in place when this conversation already has it (parts, metadata, status, model,
 * usage, text). Safe to call repeatedly for one message while it streams and once more at the
 * end. False when the conversation is not the owner's, or the id belongs to another conversation.
 */
export async function saveMessage(db: Database, ownerId: string, conversationId: string, message: MessageInput): Promise<boolean> {
  const derived = storedColumns(message);
  return db.transaction(async (tx) => {
    if (!(await lockOwnedConversation(tx, ownerId, conversationId))) return false;

    const [existing] = await tx
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(eq(messages.id, message.id));

    if (existing) {
      if (existing.conversationId !== conversationId) return false;
      await tx.update(messages).set(derived).where(eq(messages.id, message.id));
    } else {
      const [last] = await tx
        .select({ position: max(messages.position) })
        .from(messages)
        .where(eq(messages.conversationId, conversationId));
      const parentId = message.parentId !== undefined ? message.parentId : (currentBranch(await messageNodes(tx, conversationId)).path.at(-1) ?? null);
      await tx.insert(messages).values({
        id: message.id,
        conversationId,
        parentId,
        position: (last?.position ?? -1) + 1,
        chosenAt: latestChoice(conversationId),
        role: message.role,
        ...derived,
      });
    }
    await touch(tx, conversationId);
    return true;
  });
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Locks the conversation's row if the owner has it. The lock serialises writers of one
 * conversation (two saves can't both claim the next position) and proves ownership in one step.
 */
async function lockOwnedConversation(tx: Transaction, ownerId: string, conversationId: string): Promise<boolean> {
  const [owned] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.ownerId, ownerId)))
    .for('update');
  return owned !== undefined;
}

/**
 * Makes this message the conversation's first (trimming the oldest turns of a long
 * conversation): every message before it, with the other versions of those and of it, is
 * deleted; every branch after it stays.
 */
export async function deleteMessagesBefore(db: Database, ownerId: string, conversationId: string, messageId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await lockOwnedConversation(tx, ownerId, conversationId))) return false;
    const detached = await tx
      .update(messages)
      .set({ parentId: null })
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
      .returning({ id: messages.id });
    if (detached.length === 0) return false;
    // The other first messages go, and with them (by cascade) everything that followed them.
    await tx.delete(messages).where(and(eq(messages.conversationId, conversationId), isNull(messages.parentId), ne(messages.id, messageId)));
    await touch(tx, conversationId);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Access sessions (one per sign-in with APP_PASSWORD; the cookie is checked in lib/security/access)

export async function insertAccessSession(db: Database, session: { id: string; expiresAt: Date }): Promise<void> {
  // Sign-ins are rare: a good moment to forget sessions that ended long ago.
  await db.delete(accessSessions).where(lt(accessSessions.expiresAt, new Date()));
  await db.insert(accessSessions).values(session);
}

/** True while the session exists, has not expired and has not been revoked. */
export async function isAccessSessionLive(db: Database, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accessSessions.id })
    .from(accessSessions)
    .where(and(eq(accessSessions.id, id), isNull(accessSessions.revokedAt), gt(accessSessions.expiresAt, new Date())))
    .limit(1);
  return row !== undefined;
}

/** Ends a session (Sign out): its cookie no longer opens anything, anywhere. */
export async function revokeAccessSession(db: Database, id: string): Promise<void> {
  await db.update(accessSessions).set({ revokedAt: new Date() }).where(and(eq(accessSessions.id, id), isNull(accessSessions.revokedAt)));
}

// ---------------------------------------------------------------------------------------------
// Attachments (their bytes are in the attachment store: lib/attachments)

export type AttachmentRecord = {
  id: string;
  conversationId: string;
  mediaType: string;
  filename: string;
  size: number;
  /** Absent or null: not a PDF, or its pages could not be counted. */
  pages?: number | null;
};

const attachmentColumns = {
  id: attachments.id,
  conversationId: attachments.conversationId,
  mediaType: attachments.mediaType,
  filename: attachments.filename,
  size: attachments.size,
  pages: attachments.pages,
};

/** Which quota an attachment did not fit, and how much of it was already used. */
export type AttachmentQuotaRefusal = { quota: 'owner' | 'total'; usedBytes: number; quotaBytes: number };

// Any fixed number: the same for every instance, and apart from the migration lock's.
const ATTACHMENT_QUOTA_LOCK_ID = 7_212_026_002;

/**
 * Inserts the attachment if it fits both quotas: the bytes the owner keeps and those the whole
 * deployment keeps, counted from the sizes of every attachment row, sent or not. Undefined when
 * inserted. Uploads take a transaction-scoped lock for their check and insert, so that two at
 * once (on any instances) cannot both see room for themselves and overshoot together.
 */
export async function insertAttachmentWithinQuota(
  db: Database,
  ownerId: string,
  record: AttachmentRecord,
  quotas: { ownerBytes: number; totalBytes: number },
): Promise<AttachmentQuotaRefusal | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ATTACHMENT_QUOTA_LOCK_ID})`);
    // sum(integer) is a bigint, which the drivers hand over as a string.
    const [used] = await tx
      .select({
        owner: sql<string | null>`sum(${attachments.size}) filter (where ${attachments.ownerId} = ${ownerId})`,
        total: sql<string | null>`sum(${attachments.size})`,
      })
      .from(attachments);
    const ownerBytes = Number(used?.owner ?? 0);
    const totalBytes = Number(used?.total ?? 0);
    if (ownerBytes + record.size > quotas.ownerBytes) return { quota: 'owner', usedBytes: ownerBytes, quotaBytes: quotas.ownerBytes };
    if (totalBytes + record.size > quotas.totalBytes) return { quota: 'total', usedBytes: totalBytes, quotaBytes: quotas.totalBytes };
    await tx.insert(attachments).values({ ...record, ownerId, filename: stripUnstorable(record.filename) });
    return undefined;
  });
}

export async function getAttachment(db: Database, ownerId: string, id: string): Promise<AttachmentRecord | undefined> {
  const [row] = await db
    .select(attachmentColumns)
    .from(attachments)
    .where(and(eq(attachments.id, id), eq(attachments.ownerId, ownerId)));
  return row;
}

/** Those of these attachments that the owner uploaded to this conversation. */
export async function getConversationAttachments(
  db: Database,
  ownerId: string,
  conversationId: string,
  ids: readonly string[],
): Promise<AttachmentRecord[]> {
  if (ids.length === 0) return [];
  return db
    .select(attachmentColumns)
    .from(attachments)
    .where(and(eq(attachments.ownerId, ownerId), eq(attachments.conversationId, conversationId), inArray(attachments.id, [...ids])));
}

/** Marks these attachments of the conversation as part of a saved message: they are no longer discarded or swept. */
export async function markAttachmentsSent(db: Database, ownerId: string, conversationId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(attachments)
    .set({ sentAt: sql`now()` })
    .where(and(eq(attachments.ownerId, ownerId), eq(attachments.conversationId, conversationId), inArray(attachments.id, [...ids]), isNull(attachments.sentAt)));
}

/** Marks every attachment of the owner's conversation as sent (copies of files, once their messages are saved). */
export async function markScopeSent(db: Database, ownerId: string, conversationId: string): Promise<void> {
  await db
    .update(attachments)
    .set({ sentAt: sql`now()` })
    .where(and(eq(attachments.ownerId, ownerId), eq(attachments.conversationId, conversationId), isNull(attachments.sentAt)));
}

/** Forgets the owner's attachment if no saved message carries it (removed from the composer). False when there is none such. */
export async function deleteUnsentAttachment(db: Database, ownerId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(attachments)
    .where(and(eq(attachments.id, id), eq(attachments.ownerId, ownerId), isNull(attachments.sentAt)))
    .returning({ id: attachments.id });
  return rows.length > 0;
}

/**
 * Forgets up to `limit` unsent attachments of any owner uploaded before `before` and returns
 * their ids, whose bytes the caller deletes. Instances may sweep at once: a row goes to the one
 * whose delete takes it, so each id is returned once.
 */
export async function deleteStaleUnsentAttachments(db: Database, before: Date, limit: number): Promise<string[]> {
  // The oldest first, found through the partial index on unsent rows' created_at.
  const stale = db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(isNull(attachments.sentAt), lt(attachments.createdAt, before)))
    .orderBy(asc(attachments.createdAt))
    .limit(limit);
  const rows = await db
    .delete(attachments)
    // Checked again: a row sent while this waited for its lock is re-read and then kept.
    .where(and(inArray(attachments.id, stale), isNull(attachments.sentAt), lt(attachments.createdAt, before)))
    .returning({ id: attachments.id });
  return rows.map((row) => row.id);
}

/** Forgets every attachment of the conversation and returns their ids, whose bytes the caller deletes. */
export async function deleteConversationAttachments(db: Database, ownerId: string, conversationId: string): Promise<string[]> {
  const rows = await db
    .delete(attachments)
    .where(and(eq(attachments.ownerId, ownerId), eq(attachments.conversationId, conversationId)))
    .returning({ id: attachments.id });
  return rows.map((row) => row.id);
}

// ---------------------------------------------------------------------------------------------
// Copies and shares (lib/conversations/copy, lib/shares)

/**
 * Creates the owner's conversation holding these messages, in this order, in one transaction: a
 * fork, or a shared conversation continued. The messages are new rows (new ids), one branch in this order.
 */
export async function insertConversationCopy(
  db: Database,
  conversation: { id: string; ownerId: string; title: string; settings: ConversationSettings },
  copied: readonly MessageInput[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(conversations).values({
      id: conversation.id,
      ownerId: conversation.ownerId,
      title: normalizeTitle(conversation.title),
      settings: sanitizeJson(conversation.settings),
    });
    if (copied.length === 0) return;
    await tx.insert(messages).values(
      copied.map((message, position) => ({
        id: message.id,
        conversationId: conversation.id,
        position,
        // One branch: each message answers the one before it.
        parentId: copied[position - 1]?.id ?? null,
        role: message.role,
        ...storedColumns(message),
      })),
    );
  });
}

/** The owner's link to one of their conversations. */
export type ShareRecord = { id: string; snapshotId: string; createdAt: string; updatedAt: string };

/** What anyone with the link reads: nothing of whose it is or where it came from. */
export type SharedSnapshot = { snapshotId: string; title: string; messages: SharedMessage[]; updatedAt: string };

export type SnapshotInput = { snapshotId: string; title: string; messages: SharedMessage[] };

const ownedBy = (ownerId: string) =>
  exists(
    sql`(select 1 from ${conversations} where ${conversations.id} = ${shares.conversationId} and ${conversations.ownerId} = ${ownerId})`,
  );

function toShareRecord(row: { id: string; snapshotId: string; createdAt: Date; updatedAt: Date }): ShareRecord {
  return { id: row.id, snapshotId: row.snapshotId, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

const shareColumns = { id: shares.id, snapshotId: shares.snapshotId, createdAt: shares.createdAt, updatedAt: shares.updatedAt };

export async function getShareOfConversation(db: Database, ownerId: string, conversationId: string): Promise<ShareRecord | undefined> {
  const [row] = await db
    .select(shareColumns)
    .from(shares)
    .where(and(eq(shares.conversationId, conversationId), ownedBy(ownerId)));
  return row && toShareRecord(row);
}

/**
 * Gives the owner's conversation its link, with its first snapshot. Undefined when the
 * conversation is not the owner's, or already has a link (made at the same moment elsewhere).
 */
export async function insertShare(
  db: Database,
  ownerId: string,
  share: SnapshotInput & { id: string; conversationId: string },
): Promise<ShareRecord | undefined> {
  if (!(await ownsConversation(db, ownerId, share.conversationId))) return undefined;
  const [row] = await db
    .insert(shares)
    .values({ ...share, title: normalizeTitle(share.title), messages: sanitizeJson(share.messages) })
    .onConflictDoNothing({ target: shares.conversationId })
    .returning(shareColumns);
  return row && toShareRecord(row);
}

/** Replaces the snapshot behind the owner's link, which keeps its address. Undefined when there is no such link. */
export async function replaceShareSnapshot(db: Database, ownerId: string, id: string, snapshot: SnapshotInput): Promise<ShareRecord | undefined> {
  const [row] = await db
    .update(shares)
    .set({ snapshotId: snapshot.snapshotId, title: normalizeTitle(snapshot.title), messages: sanitizeJson(snapshot.messages), updatedAt: sql`now()` })
    .where(and(eq(shares.id, id), ownedBy(ownerId)))
    .returning(shareColumns);
  return row && toShareRecord(row);
}

/** Deletes the link to the owner's conversation; what it was (the caller deletes its files), or undefined when there was none. */
export async function deleteShareOfConversation(db: Database, ownerId: string, conversationId: string): Promise<ShareRecord | undefined> {
  const [row] = await db
    .delete(shares)
    .where(and(eq(shares.conversationId, conversationId), ownedBy(ownerId)))
    .returning(shareColumns);
  return row && toShareRecord(row);
}

/** A share, for anyone who has its id. */
export async function getSharedSnapshot(db: Database, id: string): Promise<SharedSnapshot | undefined> {
  const [row] = await db
    .select({ snapshotId: shares.snapshotId, title: shares.title, messages: shares.messages, updatedAt: shares.updatedAt })
    .from(shares)
    .where(eq(shares.id, id));
  return row && { ...row, updatedAt: row.updatedAt.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// Helpers

const summaryColumns = {
  id: conversations.id,
  title: conversations.title,
  settings: conversations.settings,
  createdAt: conversations.createdAt,
  updatedAt: conversations.updatedAt,
};

type SummaryRow = { id: string; title: string; settings: ConversationSettings; createdAt: Date; updatedAt: Date };

function toSummary(row: SummaryRow): ConversationSummary {
  return {
    id: row.id,
    title: row.title,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    settings: row.settings ?? {},
  };
}

/** The rows of a raw statement, whichever driver ran it (both put them in `rows`). */
function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return (result as { rows: Array<Record<string, unknown>> }).rows;
}

type Executor = Pick<Database, 'update'>;

function touch(tx: Executor, conversationId: string) {
  return tx.update(conversations).set({ updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}

function normalizeTitle(title: string): string {
  const trimmed = stripUnstorable(title).replace(/\s+/g, ' ').trim();
  if (!trimmed) return DEFAULT_TITLE;
  const codePoints = Array.from(trimmed);
  return codePoints.length <= MAX_TITLE_CHARS ? trimmed : codePoints.slice(0, MAX_TITLE_CHARS).join('').trimEnd();
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
}

/** Escapes LIKE's wildcards so that user input matches literally (backslash is the escape). */
export function escapeLike(input: string): string {
  return input.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The cursor is opaque to clients: base64url of JSON [updatedAt in ms, id].
function encodeCursor(updatedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([updatedAt.getTime(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'number' ||
    !Number.isSafeInteger(value[0]) ||
    typeof value[1] !== 'string'
  ) {
    throw new InvalidCursorError();
  }
  const updatedAt = new Date(value[0]);
  // Within what Postgres' timestamptz and ISO strings both hold (years 0–9999), and a real id.
  if (Number.isNaN(updatedAt.getTime()) || value[0] < Date.UTC(0, 0, 1) || value[0] > Date.UTC(9999, 11, 31)) throw new InvalidCursorError();
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(value[1])) throw new InvalidCursorError();
  return { updatedAt, id: value[1] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The plain text of the text parts, for search. */
function textOf(parts: unknown[]): string {
  return parts
    .filter((part): part is { type: 'text'; text: string } => isRecord(part) && part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}

function modelOf(metadata: unknown): string | null {
  return isRecord(metadata) && typeof metadata.model === 'string' ? metadata.model : null;
}

const INT4_MAX = 2_147_483_647;

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(INT4_MAX, Math.floor(value)) : 0;
}

function usageOf(metadata: unknown): UsageTotals {
  const usage = isRecord(metadata) && isRecord(metadata.usage) ? metadata.usage : {};
  return {
    inputTokens: tokenCount(usage.inputTokens),
    outputTokens: tokenCount(usage.outputTokens),
    cacheReadTokens: tokenCount(usage.cacheReadTokens),
    cacheWriteTokens: tokenCount(usage.cacheWriteTokens),
  };
}

// Postgres text and jsonb cannot hold U+0000, and jsonb rejects unpaired surrogates: a pasted
// NUL would otherwise make the whole save fail. Both become U+FFFD.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function stripUnstorable(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

// JSON.stringify writes NUL and every lone surrogate as an escape: JSON without one of these
// (nearly every message, saved about once a second while it streams) has nothing to replace.
// A backslash written out before `u` only makes a false alarm, which the walk then handles.
const MAYBE_UNSTORABLE_JSON = /\\u(?:0000|d[89a-f])/i;

/** A plain JSON copy (what the drivers would send) with unstorable characters replaced in every string. */
function sanitizeJson<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return stripUnstorable(v);
    if (Array.isArray(v)) return v.map(walk);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, inner]) => [stripUnstorable(k), walk(inner)]));
    return v;
  };
  const json = JSON.stringify(value);
  if (json === undefined) return null as T;
  const copy: unknown = JSON.parse(json);
  return (MAYBE_UNSTORABLE_JSON.test(json) ? walk(copy) : copy) as T;
}

// ---- Daily spend -------------------------------------------------------------------------------
// What upstream calls used, in tokens, per owner, UTC day and model; priced when it is read.

export type DailySpendRow = {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens?: number;
  webSearches: number;
};

/** One owner's usage of one model on one UTC day, to be added to what is recorded. */
export type DailySpendEntry = DailySpendRow & { ownerId: string; day: string };

/**
 * Adds usage to each owner's row for its day and model, in one statement. At most one entry per
 * owner, day and model: Postgres refuses to update one row twice in a statement.
 */
export async function addDailySpend(db: Database, entries: readonly DailySpendEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insert(dailySpend)
    .values([...entries])
    .onConflictDoUpdate({
      target: [dailySpend.ownerId, dailySpend.day, dailySpend.model],
      set: {
        inputTokens: sql`${dailySpend.inputTokens} + excluded.input_tokens`,
        outputTokens: sql`${dailySpend.outputTokens} + excluded.output_tokens`,
        cacheReadTokens: sql`${dailySpend.cacheReadTokens} + excluded.cache_read_tokens`,
        cacheWriteTokens: sql`${dailySpend.cacheWriteTokens} + excluded.cache_write_tokens`,
        cacheWrite1hTokens: sql`${dailySpend.cacheWrite1hTokens} + excluded.cache_write_1h_tokens`,
        webSearches: sql`${dailySpend.webSearches} + excluded.web_searches`,
      },
    });
}

/** Tokens and web searches summed by model, as numbers (sums of bigints are numerics, which the drivers return as strings). */
function spendTotals() {
  const total = (column: AnyPgColumn) => sql<number>`sum(${column})::float8`.mapWith(Number);
  return {
    model: dailySpend.model,
    inputTokens: total(dailySpend.inputTokens),
    outputTokens: total(dailySpend.outputTokens),
    cacheReadTokens: total(dailySpend.cacheReadTokens),
    cacheWriteTokens: total(dailySpend.cacheWriteTokens),
    cacheWrite1hTokens: total(dailySpend.cacheWrite1hTokens),
    webSearches: total(dailySpend.webSearches),
  };
}

/** One day's usage by model: the owner's, or everyone's when no owner is given. */
export async function dailySpendByModel(db: Database, day: string, ownerId?: string): Promise<DailySpendRow[]> {
  return db
    .select(spendTotals())
    .from(dailySpend)
    .where(ownerId === undefined ? eq(dailySpend.day, day) : and(eq(dailySpend.day, day), eq(dailySpend.ownerId, ownerId)))
    .groupBy(dailySpend.model);
}

// ---------------------------------------------------------------------------------------------
// Accounts (the rows are better-auth's; these are Rill's own questions about them)

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}

/**
 * Moves everything an owner has to another owner, in one transaction: conversations (their
 * messages follow), attachments, and the day's spend, added to what the other already spent so
 * that signing in never resets a budget.
 */
export async function moveOwnerData(db: Database, from: string, to: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(conversations).set({ ownerId: to }).where(eq(conversations.ownerId, from));
    await tx.update(attachments).set({ ownerId: to }).where(eq(attachments.ownerId, from));
    await tx.execute(sql`
      insert into ${dailySpend} (owner_id, day, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, web_searches)
      select ${to}, day, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, web_searches
      from ${dailySpend} where owner_id = ${from}
      on conflict (owner_id, day, model) do update set
        input_tokens = ${dailySpend}.input_tokens + excluded.input_tokens,
        output_tokens = ${dailySpend}.output_tokens + excluded.output_tokens,
        cache_read_tokens = ${dailySpend}.cache_read_tokens + excluded.cache_read_tokens,
        cache_write_tokens = ${dailySpend}.cache_write_tokens + excluded.cache_write_tokens,
        cache_write_1h_tokens = ${dailySpend}.cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        web_searches = ${dailySpend}.web_searches + excluded.web_searches`);
    await tx.delete(dailySpend).where(eq(dailySpend.ownerId, from));
  });
}

// ---------------------------------------------------------------------------------------------
// Operator controls (the admin page, per-account budgets)

/** The daily budget an admin set for an account; null when it has none or the owner is no account (a guest). */
export async function accountDailyBudget(db: Database, userId: string): Promise<number | null> {
  const [row] = await db.select({ dailyBudgetUsd: users.dailyBudgetUsd }).from(users).where(eq(users.id, userId));
  return row?.dailyBudgetUsd ?? null;
}

/** Sets (or, with null, clears) an account's daily budget. False when there is no such account. */
export async function setAccountDailyBudget(db: Database, userId: string, dailyBudgetUsd: number | null): Promise<boolean> {
  const updated = await db.update(users).set({ dailyBudgetUsd, updatedAt: new Date() }).where(eq(users.id, userId)).returning({ id: users.id });
  return updated.length > 0;
}

export type AccountRow = {
  id: string;
  email: string;
  name: string;
  role: string | null;
  createdAt: Date;
  banned: boolean;
  dailyBudgetUsd: number | null;
};

/** Every account, oldest first: the admin page's list. */
export async function listAccounts(db: Database): Promise<AccountRow[]> {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
      banned: users.banned,
      dailyBudgetUsd: users.dailyBudgetUsd,
    })
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.id));
  return rows.map((row) => ({ ...row, banned: row.banned ?? false }));
}

/** Usage by owner and model from `fromDay` on (YYYY-MM-DD, inclusive), for the given owners. */
export async function spendByOwnerSince(db: Database, fromDay: string, ownerIds: readonly string[]): Promise<Array<DailySpendRow & { ownerId: string }>> {
  if (ownerIds.length === 0) return [];
  return db
    .select({ ownerId: dailySpend.ownerId, ...spendTotals() })
    .from(dailySpend)
    .where(and(gte(dailySpend.day, fromDay), inArray(dailySpend.ownerId, [...ownerIds])))
    .groupBy(dailySpend.ownerId, dailySpend.model);
}

/** The owner's conversations whose answer may be running: saved as streaming, or touched within the hour. */
export async function conversationsWithStreamingAnswers(db: Database, ownerId: string): Promise<string[]> {
  // An answer's first save comes up to a second after it starts, but its question was saved
  // before it began, touching the conversation: a conversation touched in the last hour may
  // have one too.
  const recently = new Date(Date.now() - 60 * 60 * 1000);
  const rows = await db
    .selectDistinct({ id: conversations.id })
    .from(conversations)
    .leftJoin(messages, and(eq(messages.conversationId, conversations.id), eq(messages.status, 'streaming')))
    .where(and(eq(conversations.ownerId, ownerId), or(gt(conversations.updatedAt, recently), isNotNull(messages.id))));
  return rows.map((row) => row.id);
}
