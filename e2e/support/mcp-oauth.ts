// The OAuth side of the test MCP server (mcp-server.ts with `oauth: true`): an authorization
// server built with the MCP SDK's server auth (metadata, dynamic client registration, PKCE,
// tokens), whose consent step is a page with an "Approve" button, and the bearer check that
// protects /mcp with a 401 and `WWW-Authenticate` naming the protected resource metadata, as the
// MCP authorization flow expects. Everything is in memory and records the tokens it issued.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Response } from 'express';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/** What the authorization server handed out, for tests to look for (e.g. in Rill's storage). */
export type IssuedOAuth = { clients: string[]; accessTokens: string[]; refreshTokens: string[] };

type PendingAuthorization = { client: OAuthClientInformationFull; params: AuthorizationParams };
type IssuedCode = PendingAuthorization;

const TOKEN_LIFETIME_SECONDS = 3_600;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

class InMemoryOAuthProvider implements OAuthServerProvider {
  private readonly clients = new Map<string, OAuthClientInformationFull>();
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, AuthInfo>();
  private readonly refreshTokens = new Map<string, string>();

  private readonly issued: IssuedOAuth;
  private readonly resource: URL;

  constructor(issued: IssuedOAuth, resource: URL) {
    this.issued = issued;
    this.resource = resource;
  }

  readonly clientsStore: OAuthRegisteredClientsStore = {
    getClient: (clientId) => this.clients.get(clientId),
    registerClient: (client) => {
      // The SDK's registration handler has already given it a client_id.
      const registered = client as OAuthClientInformationFull;
      this.clients.set(registered.client_id, registered);
      this.issued.clients.push(registered.client_id);
      return registered;
    },
  };

  /** The consent page: who asks, and an "Approve" button that sends the browser back with a code. */
  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    const id = randomUUID();
    this.pending.set(id, { client, params });
    res.type('html').send(`<!doctype html>
<html lang="en"><head><title>Authorize ${escapeHtml(client.client_name ?? 'a client')}</title></head>
<body><main>
<h1>${escapeHtml(client.client_name ?? 'A client')} wants to use your notes</h1>
<form method="post" action="/approve"><input type="hidden" name="pending" value="${id}"><button type="submit">Approve</button></form>
</main></body></html>`);
  }

  /** The "Approve" button: a code for the client, and the browser back to its redirect URI. */
  approve(pendingId: string): string | undefined {
    const pending = this.pending.get(pendingId);
    if (!pending) return undefined;
    this.pending.delete(pendingId);
    const code = randomUUID();
    this.codes.set(code, pending);
    const target = new URL(pending.params.redirectUri);
    target.searchParams.set('code', code);
    if (pending.params.state !== undefined) target.searchParams.set('state', pending.params.state);
    return target.href;
  }

  async challengeForAuthorizationCode(client: OAuthClientInformationFull, authorizationCode: string): Promise<string> {
    const issuedCode = this.codes.get(authorizationCode);
    if (!issuedCode || issuedCode.client.client_id !== client.client_id) throw new InvalidGrantError('Unknown authorization code');
    return issuedCode.params.codeChallenge;
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, authorizationCode: string, _verifier?: string, redirectUri?: string): Promise<OAuthTokens> {
    const issuedCode = this.codes.get(authorizationCode);
    if (!issuedCode || issuedCode.client.client_id !== client.client_id) throw new InvalidGrantError('Unknown authorization code');
    if (redirectUri !== undefined && redirectUri !== issuedCode.params.redirectUri) throw new InvalidGrantError('redirect_uri does not match');
    this.codes.delete(authorizationCode);
    return this.issueTokens(client.client_id);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    if (this.refreshTokens.get(refreshToken) !== client.client_id) throw new InvalidGrantError('Unknown refresh token');
    this.refreshTokens.delete(refreshToken);
    return this.issueTokens(client.client_id);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const info = this.accessTokens.get(token);
    if (!info) throw new InvalidTokenError('Unknown access token');
    return info;
  }

  private issueTokens(clientId: string): OAuthTokens {
    const accessToken = `access-${randomUUID()}`;
    const refreshToken = `refresh-${randomUUID()}`;
    this.accessTokens.set(accessToken, {
      token: accessToken,
      clientId,
      scopes: [],
      expiresAt: Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS,
      resource: this.resource,
    });
    this.refreshTokens.set(refreshToken, clientId);
    this.issued.accessTokens.push(accessToken);
    this.issued.refreshTokens.push(refreshToken);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, refresh_token: refreshToken };
  }
}

export type McpOAuth = {
  issued: IssuedOAuth;
  /** The server's request listener, with the authorization server in front and /mcp behind the bearer check. */
  wrap(handler: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void;
};

/** An authorization server at `mcpUrl`'s origin for the MCP endpoint at `mcpUrl`. */
export function createMcpOAuth(mcpUrl: URL): McpOAuth {
  const issued: IssuedOAuth = { clients: [], accessTokens: [], refreshTokens: [] };
  const provider = new InMemoryOAuthProvider(issued, mcpUrl);
  const noRateLimit = { rateLimit: false } as const;
  const app = express();
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(mcpUrl.origin),
      resourceServerUrl: mcpUrl,
      resourceName: 'Test notes',
      authorizationOptions: noRateLimit,
      tokenOptions: noRateLimit,
      clientRegistrationOptions: noRateLimit,
      revocationOptions: noRateLimit,
    }),
  );
  app.post('/approve', express.urlencoded({ extended: false }), (req, res) => {
    const target = provider.approve(String((req.body as { pending?: unknown }).pending ?? ''));
    if (target) res.redirect(302, target);
    else res.status(400).type('text').send('This authorization is unknown or was already approved.');
  });
  // For a test that runs this server in another process (mcp-server-process.ts): what it issued.
  app.get('/test/issued', (_req, res) => {
    res.json(issued);
  });
  app.use(mcpUrl.pathname, requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) }));
  return {
    issued,
    wrap: (handler) => {
      // The MCP handler reads the body itself: nothing before it has parsed /mcp's.
      app.use((req, res) => handler(req, res));
      return app;
    },
  };
}
