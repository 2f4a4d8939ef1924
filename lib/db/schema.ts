// The one database schema, shared by both engines (PGlite locally, Postgres in production).
// drizzle-kit reads this file to generate lib/db/migrations: keep it free of server-only imports.
import { sql } from 'drizzle-orm';
import { DEFAULT_TITLE } from '../conversations/titles';
import type { CacheTtl, Effort } from '../models';
import { bigint, boolean, check, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';

export type ConversationSettings = {
  model?: string;
  system?: string;
  thinking?: { enabled: boolean; budgetTokens: number };
  webSearch?: boolean;
  effort?: Effort;
  cacheTtl?: CacheTtl;
  /** MCP servers (`op:<name>`, `user:<id>`) and tools (`<server key>/<tool>`) switched off in this chat. */
  connectorsOff?: string[];
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
    title: text('title').notNull().default(DEFAULT_TITLE),
    /** The owner named it: Rill's own names (the first words, the title model's) no longer replace it. */
    titleChosen: boolean('title_chosen').notNull().default(false),
    settings: jsonb('settings').$type<ConversationSettings>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('conversations_owner_updated_idx').on(t.ownerId, t.updatedAt, t.id)],
);

/**
 * A conversation is a tree of messages: an edited message or a regenerated answer is a new
 * child of the same parent, beside the old one. The current branch is read from the roots down,
 * taking at each step the child with the greatest (chosen_at, position): a new message is
 * newest, and choosing a version sets its chosen_at, so no pointer to a leaf has to be kept.
 */
export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** Null for a first message; deleting a message deletes what follows it on every branch. */
    parentId: text('parent_id').references((): AnyPgColumn => messages.id, { onDelete: 'cascade' }),
    /** The order of insertion within the conversation (unique): breaks ties of chosen_at. */
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
    /** When this version was last chosen (or created): the newest chosen sibling is on the current branch. */
    chosenAt: timestamptz('chosen_at').notNull().defaultNow(),
  },
  (t) => [
    unique('messages_conversation_position_unique').on(t.conversationId, t.position),
    index('messages_parent_idx').on(t.parentId),
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
    /** A PDF's page count, when its structure shows it (shown beside the file; never sent upstream). */
    pages: integer('pages'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** When a message carrying it was saved; until then it may be discarded, and is swept once stale. */
    sentAt: timestamptz('sent_at'),
  },
  (t) => [
    index('attachments_owner_conversation_idx').on(t.ownerId, t.conversationId),
    // What the scheduled sweep of never-sent files looks for.
    index('attachments_unsent_created_idx').on(t.createdAt).where(sql`${t.sentAt} is null`),
  ],
);

// drizzle-orm has no bytea column of its own. node-postgres reads one as a Buffer, PGlite as a
// Uint8Array: both are Uint8Arrays.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Attachment bytes, when the database is the attachment store (lib/attachments/postgres-store):
 * the one place every instance can read. Keyed by attachment id, with no foreign key: the store
 * knows keys and bytes only, like the disk and S3 stores, and the attachment row goes first.
 */
export const attachmentBlobs = pgTable('attachment_blobs', {
  id: text('id').primaryKey(),
  bytes: bytea('bytes').notNull(),
});

/**
 * One sign-in with APP_PASSWORD. The cookie carries the random session id, signed; this row
 * lets it be revoked, and its expiry holds even for a cookie that is kept past it.
 */
export const accessSessions = pgTable(
  'access_sessions',
  {
    id: text('id').primaryKey(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [index('access_sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Tokens spent per identity, model and UTC day: what budgets are computed from, priced from
 * lib/models. Kept apart from messages, so that deleting a conversation does not refund it.
 */
export const dailySpend = pgTable(
  'daily_spend',
  {
    ownerId: text('owner_id').notNull(),
    /** The UTC day, as YYYY-MM-DD. */
    day: text('day').notNull(),
    model: text('model').notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
    cacheReadTokens: bigint('cache_read_tokens', { mode: 'number' }).notNull().default(0),
    cacheWriteTokens: bigint('cache_write_tokens', { mode: 'number' }).notNull().default(0),
    /** Of the cache writes, those to the 1-hour cache, which cost more. */
    cacheWrite1hTokens: bigint('cache_write_1h_tokens', { mode: 'number' }).notNull().default(0),
    /** Server tool uses billed per use (web search). */
    webSearches: integer('web_searches').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.day, t.model] }), index('daily_spend_day_idx').on(t.day)],
);

// ---------------------------------------------------------------------------------------------
// Accounts (better-auth, lib/auth). The JS property names are better-auth's field names; the
// columns are snake_case like the rest. An account's user id is also its owner id: the
// conversations, files and spend of a signed-in person are kept under it.

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  /** `admin` or `user` (better-auth's admin plugin). */
  role: text('role'),
  /** A disabled user: every session is revoked, and no new one starts. */
  banned: boolean('banned').default(false),
  banReason: text('ban_reason'),
  banExpires: timestamptz('ban_expires'),
  /** The admin's daily budget for this user, in US dollars; unset, the deployment's per-identity budget applies. */
  dailyBudgetUsd: doublePrecision('daily_budget_usd'),
});

export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamptz('expires_at').notNull(),
    token: text('token').notNull().unique(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    impersonatedBy: text('impersonated_by'),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** A way to sign in: a password (provider `credential`) or an OpenID Connect identity. OAuth tokens are encrypted (lib/auth). */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamptz('access_token_expires_at'),
    refreshTokenExpiresAt: timestamptz('refresh_token_expires_at'),
    scope: text('scope'),
    /** A scrypt hash, never the password. */
    password: text('password'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('auth_accounts_user_idx').on(t.userId)],
);

/** Email verification and password reset tokens. */
export const authVerifications = pgTable(
  'auth_verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('auth_verifications_identifier_idx').on(t.identifier)],
);

/** A message of a shared snapshot: fresh ids, and file parts that point at the share's own copies. */
export type SharedMessage = { id: string; role: MessageRole; parts: unknown[]; metadata: unknown; status: MessageStatus };

/**
 * A public, read-only link to a snapshot of one conversation (one link per conversation; updating
 * it takes a new snapshot under the same id). The id is the link's secret. Its files are
 * attachment rows owned by the share itself (lib/shares), under the snapshot's id, so that an
 * update or a revoke deletes exactly the copies it replaced.
 */
export const shares = pgTable('shares', {
  id: text('id').primaryKey(),
  // Whose it is goes with the conversation (lib/db/queries joins it), so that signing in, which
  // moves a guest's conversations to the account, moves their links too.
  conversationId: text('conversation_id')
    .notNull()
    .unique()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  snapshotId: text('snapshot_id').notNull(),
  title: text('title').notNull(),
  messages: jsonb('messages').$type<SharedMessage[]>().notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/**
 * What a person keeps for every chat, under their owner id (an account's user id, or a guest's
 * identity): the custom instructions Claude reads before each conversation (lib/instructions).
 */
export const ownerPreferences = pgTable('owner_preferences', {
  ownerId: text('owner_id').primaryKey(),
  instructions: text('instructions').notNull().default(''),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/**
 * An MCP server a person added in their settings (lib/mcp). Operator servers are configured in
 * the environment and never stored here. Secrets (the bearer token, the OAuth client and tokens,
 * the PKCE verifier) are encrypted at rest with lib/security/encryption.
 */
export const mcpServers = pgTable(
  'mcp_servers',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    bearerToken: text('bearer_token'),
    oauthClient: text('oauth_client'),
    oauthTokens: text('oauth_tokens'),
    oauthVerifier: text('oauth_verifier'),
    /** The `state` of the authorization in progress, which the OAuth callback names the server by. */
    oauthState: text('oauth_state'),
    /** What the last connection found: `connected`, `needs_authorization` or `error`. */
    status: text('status').notNull().default('unknown'),
    lastError: text('last_error'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('mcp_servers_owner_name').on(t.ownerId, t.name), index('mcp_servers_oauth_state_idx').on(t.oauthState)],
);

/** "Always allow this tool": an MCP tool that runs without asking, for one person. */
export const mcpToolGrants = pgTable(
  'mcp_tool_grants',
  {
    ownerId: text('owner_id').notNull(),
    serverKey: text('server_key').notNull(),
    toolName: text('tool_name').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.serverKey, t.toolName] })],
);

export const TOOL_APPROVAL_STATUSES = ['pending', 'allowed', 'denied'] as const;
export type ToolApprovalStatus = (typeof TOOL_APPROVAL_STATUSES)[number];

/**
 * A tool call waiting for its owner's answer, or answered. The generation that asked waits on it;
 * the answer may come from any instance, and after a reload.
 */
export const toolApprovals = pgTable(
  'tool_approvals',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    toolCallId: text('tool_call_id').notNull(),
    serverKey: text('server_key').notNull(),
    toolName: text('tool_name').notNull(),
    status: text('status').$type<ToolApprovalStatus>().notNull().default('pending'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    decidedAt: timestamptz('decided_at'),
  },
  (t) => [index('tool_approvals_owner_conversation_idx').on(t.ownerId, t.conversationId)],
);
