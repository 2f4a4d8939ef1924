// A person's own MCP servers ("connectors"), kept in mcp_servers: what they added in their
// settings, the secrets it needs (sealed with lib/security/encryption) and what the last
// connection found. Every statement is scoped to the owner: someone else's server behaves
// exactly like one that does not exist.
import 'server-only';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDatabase } from '../db/client';
import { isUniqueViolation } from '../db/queries';
import { mcpServers } from '../db/schema';
import { env } from '../env';
import { MAX_BEARER_TOKEN_CHARS } from '../limits';
import type { RillError } from '../errors';
import { decryptSecret, encryptSecret, SecretDecryptionError } from '../security/encryption';
import { randomId } from '../security/hmac';
import { assertPublicUrl, PrivateAddressError, SafeFetchError } from '../tools/safe-fetch';
import { revokeServerGrants } from './grants';
import { createOAuthProvider } from './oauth';
import { dropServer } from './pool';
import type { McpServerDefinition, ServerStatus } from './types';

/** Enough for anyone's own tools, few enough that connecting them all for an answer stays cheap. */
export const MAX_SERVERS_PER_PERSON = 20;
export const MAX_SERVER_NAME_CHARS = 40;

export const userServerInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the connector a name.')
    .max(MAX_SERVER_NAME_CHARS, `A name is at most ${MAX_SERVER_NAME_CHARS} characters.`)
    // What the database cannot store (broken UTF-16, NUL) and what no name needs (control characters).
    .refine((name) => name.isWellFormed() && !/\p{Cc}/u.test(name), 'A name is letters, digits, spaces and punctuation.'),
  url: z.string().trim().min(1, 'Give the server URL.').max(2_000),
  /** Sent as `Authorization: Bearer …`: printable ASCII, no spaces (a header value cannot hold more). */
  bearerToken: z
    .string()
    .trim()
    .max(MAX_BEARER_TOKEN_CHARS, `A bearer token is at most ${MAX_BEARER_TOKEN_CHARS} characters.`)
    .regex(/^[\x21-\x7e]*$/, 'A bearer token has no spaces or special characters.')
    .optional()
    .transform((token) => token || undefined),
});

/** A new server as the person described it, checked by userServerInputSchema. */
export type UserServerInput = { name: string; url: string; bearerToken?: string | undefined };

/** A person's server as they see it: never its secrets. */
export type UserServer = {
  id: string;
  name: string;
  url: string;
  status: 'unknown' | ServerStatus['state'];
  lastError: string | null;
};

type ServerRow = typeof mcpServers.$inferSelect;

const STATUSES = ['unknown', 'connected', 'needs_authorization', 'error'] as const;

function toUserServer(row: ServerRow): UserServer {
  const status = STATUSES.find((known) => known === row.status) ?? 'unknown';
  return { id: row.id, name: row.name, url: row.url, status, lastError: row.lastError };
}

/** What Claude's tool names start with for this server: letters, digits and dashes, at most 20. */
export function toolPrefixOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 20)
    .replace(/^-+|-+$/g, '');
  return slug || 'connector';
}

/**
 * Checks a URL a person gave before anything connects to it: http(s), no credentials in it, and
 * a host that is public (or allowed by the operator for tests and private deployments).
 */
async function checkServerUrl(url: string): Promise<{ ok: true; url: URL } | { ok: false; problem: RillError }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, problem: { type: 'invalid_url', message: 'The server URL is not a valid URL, e.g. https://example.com/mcp.' } };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, problem: { type: 'invalid_url', message: 'The server URL must start with https:// (or http://).' } };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, problem: { type: 'invalid_url', message: 'Leave credentials out of the URL: put a token in the Bearer token field.' } };
  }
  try {
    return { ok: true, url: await assertPublicUrl(parsed, env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS) };
  } catch (error) {
    if (error instanceof PrivateAddressError) {
      return { ok: false, problem: { type: 'private_address', message: `${error.message} Rill only connects to servers on the public internet.` } };
    }
    if (error instanceof SafeFetchError) return { ok: false, problem: { type: 'invalid_url', message: error.message } };
    throw error;
  }
}

export type AddServerResult = { ok: true; server: UserServer } | { ok: false; problem: RillError };

/** Saves a new server for the person, once its URL passes the private-address guard. Nothing is saved when it is refused. */
export async function addUserServer(ownerId: string, input: UserServerInput): Promise<AddServerResult> {
  if (!env.RILL_MCP_USER_SERVERS) {
    return { ok: false, problem: { type: 'connectors_disabled', message: 'This Rill does not let people add their own connectors.' } };
  }
  const checked = await checkServerUrl(input.url);
  if (!checked.ok) return checked;
  const db = await getDatabase();
  const [{ servers = 0 } = {}] = await db.select({ servers: count() }).from(mcpServers).where(eq(mcpServers.ownerId, ownerId));
  if (servers >= MAX_SERVERS_PER_PERSON) {
    return { ok: false, problem: { type: 'too_many_connectors', message: `You have ${MAX_SERVERS_PER_PERSON} connectors, the most one person may add. Remove one first.` } };
  }
  try {
    const [row] = await db
      .insert(mcpServers)
      .values({
        id: randomId(16),
        ownerId,
        name: input.name,
        url: checked.url.href,
        bearerToken: input.bearerToken ? await encryptSecret(input.bearerToken) : null,
      })
      .returning();
    if (!row) throw new Error('The new connector was not saved.');
    return { ok: true, server: toUserServer(row) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, problem: { type: 'connector_name_taken', message: `You already have a connector named “${input.name}”. Choose another name.` } };
  }
}

export async function listUserServers(ownerId: string): Promise<UserServer[]> {
  const db = await getDatabase();
  const rows = await db.select().from(mcpServers).where(eq(mcpServers.ownerId, ownerId)).orderBy(asc(mcpServers.createdAt), asc(mcpServers.name));
  return rows.map(toUserServer);
}

/** False when the person has no such server. */
export async function removeUserServer(ownerId: string, serverId: string): Promise<boolean> {
  const db = await getDatabase();
  const rows = await db
    .delete(mcpServers)
    .where(and(eq(mcpServers.id, serverId), eq(mcpServers.ownerId, ownerId)))
    .returning({ id: mcpServers.id });
  if (rows.length === 0) return false;
  const server = { key: `user:${serverId}` as const, origin: 'user' as const };
  dropServer(ownerId, server);
  await revokeServerGrants(ownerId, server.key);
  return true;
}

/** Keeps what the last connection found, for settings to show before the next one. */
export async function setUserServerStatus(ownerId: string, serverId: string, status: ServerStatus): Promise<void> {
  const db = await getDatabase();
  await db
    .update(mcpServers)
    .set({ status: status.state, lastError: status.state === 'error' ? status.error : null, updatedAt: new Date() })
    .where(and(eq(mcpServers.id, serverId), eq(mcpServers.ownerId, ownerId)));
}

/** A sealed secret, or undefined when it can no longer be opened (the auth secret changed): the person adds it again. */
async function openSecret(sealed: string | null): Promise<string | undefined> {
  if (!sealed) return undefined;
  try {
    return await decryptSecret(sealed);
  } catch (error) {
    if (error instanceof SecretDecryptionError) return undefined;
    throw error;
  }
}

/** The person's servers as lib/mcp connects to them: guarded, with their token and their OAuth state. */
export async function userServerDefinitions(ownerId: string): Promise<McpServerDefinition[]> {
  if (!env.RILL_MCP_USER_SERVERS) return [];
  const db = await getDatabase();
  const rows = await db.select().from(mcpServers).where(eq(mcpServers.ownerId, ownerId)).orderBy(asc(mcpServers.createdAt), asc(mcpServers.name));
  return Promise.all(
    rows.map(async (row): Promise<McpServerDefinition> => {
      const bearerToken = await openSecret(row.bearerToken);
      return {
        key: `user:${row.id}`,
        title: row.name,
        origin: 'user',
        spec: { kind: 'remote', url: row.url },
        toolPrefix: toolPrefixOf(row.name),
        guarded: true,
        // A server given a bearer token uses it and nothing else: its 401 is a refused token, and the
        // token never goes to the OAuth endpoints (on other hosts, maybe) an authorization would reach.
        ...(bearerToken ? { bearerToken } : { authProvider: await createOAuthProvider(ownerId, row) }),
        onStatus: (status) => setUserServerStatus(ownerId, row.id, status),
      };
    }),
  );
}

/**
 * A guest who signs in: their servers go to the account, except one whose name the account
 * already uses, which is dropped with its secrets (the account's own stays).
 */
export async function moveUserServers(fromOwner: string, toOwner: string): Promise<void> {
  const db = await getDatabase();
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update ${mcpServers} set owner_id = ${toOwner}, updated_at = now()
      where owner_id = ${fromOwner}
        and not exists (select 1 from ${mcpServers} taken where taken.owner_id = ${toOwner} and taken.name = ${mcpServers}.name)`);
    await tx.delete(mcpServers).where(eq(mcpServers.ownerId, fromOwner));
  });
}
