// The one database schema, shared by both engines (PGlite locally, Postgres in production).
// drizzle-kit reads this file to generate lib/db/migrations: keep it free of server-only imports.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

export type ConversationSettings = {
  model?: string;
  system?: string;
  thinking?: { enabled: boolean; budgetTokens: number };
  webSearch?: boolean;
};

export const MESSAGE_ROLES = ['user', 'assistant'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export const MESSAGE_STATUSES = ['complete', 'streaming', 'stopped', 'error'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

// Millisecond precision: a JS Date holds milliseconds, so a pagination cursor built from one
// compares exactly with the stored value (microseconds would make rows slip between pages).
const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    title: text('title').notNull().default('New chat'),
    settings: jsonb('settings').$type<ConversationSettings>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('conversations_owner_updated_idx').on(t.ownerId, t.updatedAt, t.id)],
);

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    role: text('role', { enum: MESSAGE_ROLES }).notNull(),
    parts: jsonb('parts').$type<unknown[]>().notNull(),
    metadata: jsonb('metadata').$type<unknown>(),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('complete'),
    model: text('model'),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cacheReadTokens: integer('cache_read_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    textContent: text('text_content').notNull().default(''),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('messages_conversation_position_unique').on(t.conversationId, t.position),
    check('messages_role_check', sql`${t.role} in ('user', 'assistant')`),
    check('messages_status_check', sql`${t.status} in ('complete', 'streaming', 'stopped', 'error')`),
  ],
);

/**
 * Files attached to user messages. The bytes live in the attachment store (lib/attachments);
 * this row says whose they are and what they are. Uploaded before the message is sent, so the
 * conversation may not exist yet: no foreign key, and deleting a conversation deletes its
 * attachments explicitly (the store's files with them).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    /** Sniffed from the bytes, never taken from the browser. */
    mediaType: text('media_type').notNull(),
    filename: text('filename').notNull(),
    size: integer('size').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** When a message carrying it was saved; until then it may be discarded, and is swept once stale. */
    sentAt: timestamptz('sent_at'),
  },
  (t) => [index('attachments_owner_conversation_idx').on(t.ownerId, t.conversationId)],
);
