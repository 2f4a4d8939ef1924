// The MCP authorization flow for a person's own servers, with the SDK's OAuth client: its client
// registration, tokens and PKCE verifier live in the server's mcp_servers row, each sealed with
// lib/security/encryption. Every request of the flow (metadata discovery, registration, token
// exchange and refresh) goes through the private-address guard: the server's metadata names
// the URLs, and the server is the person's choice.
import 'server-only';
import { auth, UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  OAuthClientInformationFullSchema,
  OAuthClientInformationSchema,
  OAuthTokensSchema,
  type OAuthClientInformationMixed,
  type OAuthClientMetadata,
  type OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDatabase } from '../db/client';
import { mcpServers } from '../db/schema';
import { env } from '../env';
import { decryptSecret, encryptSecret, SecretDecryptionError } from '../security/encryption';
import { randomId } from '../security/hmac';
import { SafeFetchError } from '../tools/safe-fetch';
import { guardedFetch } from './connection';
import { dropServer } from './pool';

export const OAUTH_CALLBACK_PATH = '/api/mcp/oauth/callback';

/** The flow's requests go through the private-address guard, each bounded by the connect timeout. */
const flowFetch: FetchLike = (url, init) => guardedFetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(env.RILL_MCP_CONNECT_TIMEOUT_MS) });

/** The registration is kept with the redirect URL it was made for: Rill reached at another origin registers again. */
const storedClientSchema = z.object({ redirectUrl: z.string(), information: z.unknown() });

type Column = 'oauthClient' | 'oauthTokens' | 'oauthVerifier';

/** A sealed JSON column of the owner's server; undefined when empty or no longer readable. */
async function readSealed(ownerId: string, serverId: string, column: Column): Promise<unknown> {
  const db = await getDatabase();
  const [row] = await db
    .select({ value: mcpServers[column] })
    .from(mcpServers)
    .where(and(eq(mcpServers.id, serverId), eq(mcpServers.ownerId, ownerId)));
  return openSealed(row?.value ?? null);
}

/** A sealed JSON value; undefined when empty or no longer readable. */
async function openSealed(sealed: string | null): Promise<unknown> {
  if (!sealed) return undefined;
  try {
    return JSON.parse(await decryptSecret(sealed)) as unknown;
  } catch (error) {
    // Sealed under another auth secret, or not JSON: as good as none, the person authorizes again.
    if (error instanceof SecretDecryptionError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** One server's OAuth state, read from and written to its row. */
class StoredOAuthProvider implements OAuthClientProvider {
  /** Where the SDK sent the person last, for startAuthorization to hand to the browser. */
  authorizationUrl: URL | undefined;

  constructor(
    private readonly ownerId: string,
    private readonly serverId: string,
    readonly redirectUrl: string,
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Rill',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  private read(column: Column): Promise<unknown> {
    return readSealed(this.ownerId, this.serverId, column);
  }

  private async write(values: Partial<Record<Column | 'oauthState', string | null>>): Promise<void> {
    const db = await getDatabase();
    await db
      .update(mcpServers)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(mcpServers.id, this.serverId), eq(mcpServers.ownerId, this.ownerId)));
  }

  private async seal(value: unknown): Promise<string> {
    return encryptSecret(JSON.stringify(value));
  }

  async state(): Promise<string> {
    const state = randomId(24);
    await this.write({ oauthState: state });
    return state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const stored = storedClientSchema.safeParse(await this.read('oauthClient'));
    if (!stored.success || stored.data.redirectUrl !== this.redirectUrl) return undefined;
    const full = OAuthClientInformationFullSchema.safeParse(stored.data.information);
    if (full.success) return full.data;
    const basic = OAuthClientInformationSchema.safeParse(stored.data.information);
    return basic.success ? basic.data : undefined;
  }

  async saveClientInformation(information: OAuthClientInformationMixed): Promise<void> {
    await this.write({ oauthClient: await this.seal({ redirectUrl: this.redirectUrl, information }) });
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    const tokens = OAuthTokensSchema.safeParse(await this.read('oauthTokens'));
    return tokens.success ? tokens.data : undefined;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.write({ oauthTokens: await this.seal(tokens) });
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.authorizationUrl = authorizationUrl;
  }

  async saveCodeVerifier(codeVerifier: string): Promise<void> {
    await this.write({ oauthVerifier: await this.seal(codeVerifier) });
  }

  async codeVerifier(): Promise<string> {
    const verifier = await this.read('oauthVerifier');
    if (typeof verifier !== 'string') throw new Error('No authorization is in progress for this connector.');
    return verifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'discovery') return;
    await this.write({
      ...(scope === 'all' || scope === 'client' ? { oauthClient: null } : {}),
      ...(scope === 'all' || scope === 'tokens' ? { oauthTokens: null } : {}),
      ...(scope === 'all' || scope === 'verifier' ? { oauthVerifier: null } : {}),
    });
  }
}

/**
 * The provider of a connection (an answer, settings, a prompt): it uses and refreshes the tokens
 * the person's authorization gave, but never starts an authorization of its own. Only the
 * person's Authorize does (startAuthorization): a connection made meanwhile, in another tab or
 * in the background, must not replace the state and verifier that authorization is waiting with.
 */
class ConnectionOAuthProvider extends StoredOAuthProvider {
  override async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const registered = await super.clientInformation();
    if (!registered) throw new UnauthorizedError('The connector needs to be authorized in Settings.');
    return registered;
  }

  override async state(): Promise<string> {
    throw new UnauthorizedError('The connector needs to be authorized in Settings.');
  }

  override async saveCodeVerifier(): Promise<void> {
    throw new UnauthorizedError('The connector needs to be authorized in Settings.');
  }
}

/** Rill's address as the person reaches it, where the server sends them back to. */
function callbackUrl(origin: string): string {
  return new URL(OAUTH_CALLBACK_PATH, origin).href;
}

/**
 * The provider a connection uses (it never starts an authorization): the redirect URL of the
 * registration it has, else the public URL's (or localhost's, for a Rill with none: the person
 * authorizes from settings, which registers again with the address they use).
 */
export async function createOAuthProvider(ownerId: string, server: { id: string; oauthClient: string | null }): Promise<OAuthClientProvider> {
  const fallback = callbackUrl(env.RILL_PUBLIC_URL ?? 'http://localhost');
  const stored = storedClientSchema.safeParse(await openSealed(server.oauthClient));
  return new ConnectionOAuthProvider(ownerId, server.id, stored.success ? stored.data.redirectUrl : fallback);
}

/** What went wrong, in words the person can act on; never a token. */
function describeFailure(error: unknown): string {
  if (error instanceof SafeFetchError) return error.message;
  if (error instanceof Error && error.name === 'TimeoutError') return 'The server did not answer in time.';
  if (error instanceof Error && error.message) return error.message.slice(0, 300);
  return 'The server’s authorization failed.';
}

export type StartAuthorization =
  | { ok: true; authorizationUrl: string }
  | { ok: false; problem: 'not_found' }
  | { ok: false; problem: 'failed'; message: string };

/**
 * Begins the authorization of one of the person's servers: registers Rill with the server's
 * authorization server when needed, and answers the address to send the person to. Tokens it
 * had are dropped first: asking to authorize means starting over.
 */
export async function startAuthorization(ownerId: string, serverId: string, origin: string): Promise<StartAuthorization> {
  const db = await getDatabase();
  const [row] = await db
    .update(mcpServers)
    .set({ oauthTokens: null, oauthVerifier: null, updatedAt: new Date() })
    .where(and(eq(mcpServers.id, serverId), eq(mcpServers.ownerId, ownerId)))
    .returning({ url: mcpServers.url });
  if (!row) return { ok: false, problem: 'not_found' };
  const provider = new StoredOAuthProvider(ownerId, serverId, callbackUrl(origin));
  try {
    const result = await auth(provider, { serverUrl: row.url, fetchFn: flowFetch });
    const target = provider.authorizationUrl;
    // The browser is sent there: a server's metadata must not send it to another scheme (the SDK refuses only javascript:, data: and vbscript:).
    if (result === 'REDIRECT' && target && (target.protocol === 'https:' || target.protocol === 'http:')) return { ok: true, authorizationUrl: target.href };
    if (result === 'REDIRECT' && target) return { ok: false, problem: 'failed', message: 'The server’s authorization page is not a web address.' };
    return { ok: false, problem: 'failed', message: 'The server did not ask for an authorization.' };
  } catch (error) {
    return { ok: false, problem: 'failed', message: describeFailure(error) };
  }
}

export type FinishAuthorization = { ok: true } | { ok: false; message: string };

/**
 * Completes an authorization from the server's redirect: exchanges the code for tokens, which
 * are kept sealed. The `state` names the server, and only among the caller's own: a state that
 * is someone else's, or used already, finds nothing.
 */
export async function finishAuthorization(ownerId: string, state: string, code: string): Promise<FinishAuthorization> {
  const db = await getDatabase();
  // The state is spent on first use: a replayed callback finds nothing.
  const [row] = await db
    .update(mcpServers)
    .set({ oauthState: null, updatedAt: new Date() })
    .where(and(eq(mcpServers.oauthState, state), eq(mcpServers.ownerId, ownerId)))
    .returning({ id: mcpServers.id, url: mcpServers.url, oauthClient: mcpServers.oauthClient });
  if (!row) return { ok: false, message: 'This authorization is unknown or was already used. Authorize the connector again.' };
  const provider = await createOAuthProvider(ownerId, row);
  try {
    const result = await auth(provider, { serverUrl: row.url, authorizationCode: code, fetchFn: flowFetch });
    if (result !== 'AUTHORIZED') return { ok: false, message: 'The server did not accept the authorization. Authorize the connector again.' };
  } catch (error) {
    return { ok: false, message: describeFailure(error) };
  }
  // The next connection, with the new tokens, says what the server offers now.
  dropServer(ownerId, { key: `user:${row.id}`, origin: 'user' });
  await db
    .update(mcpServers)
    .set({ oauthVerifier: null, status: 'unknown', lastError: null, updatedAt: new Date() })
    .where(and(eq(mcpServers.id, row.id), eq(mcpServers.ownerId, ownerId)));
  return { ok: true };
}
