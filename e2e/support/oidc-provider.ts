// `node e2e/support/oidc-provider.ts --port N`: a real OpenID Connect provider (the certified
// `oidc-provider` package) for the accounts server's OIDC sign-in. Anyone may sign in as any
// login name: the tests stand for the people. Its state lives in memory, so it starts empty.
//
// Its own development login pages load a web font from the internet, which the tests must not
// need, so it has a minimal login page of its own; consent is implied, as with a company's own
// identity provider that trusts its own applications.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { E2E_OIDC } from './config.ts';

const UNVERIFIED = E2E_OIDC.unverifiedPrefix;

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: oidc-provider.ts --port <port>');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

/**
 * The claims of a login name, which is also its subject: the email is the name itself when it is
 * an address, else one at example.test. `unverified:` before it stands for a provider that does
 * not vouch for the address (email_verified false).
 */
function claimsOf(sub: string): { sub: string; email: string; email_verified: boolean; name: string } {
  const unverified = sub.startsWith(UNVERIFIED);
  const login = unverified ? sub.slice(UNVERIFIED.length) : sub;
  const email = login.includes('@') ? login : `${login}@example.test`;
  return { sub, email, email_verified: !unverified, name: email.split('@')[0]! };
}

const configuration: Configuration = {
  clients: [
    {
      client_id: E2E_OIDC.clientId,
      client_secret: E2E_OIDC.clientSecret,
      redirect_uris: [E2E_OIDC.redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // better-auth's default way of presenting the secret.
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  // The subject is the login name, so the same name is the same person every time.
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => claimsOf(sub) }),
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  scopes: ['openid', 'email', 'profile', 'offline_access'],
  pkce: { required: () => true },
  jwks: { keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })] },
  cookies: { keys: ['rill-e2e-oidc-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // Consent is implied: the grant covers what Rill asks for.
  loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
    const { client, session, result, provider, params } = ctx.oidc;
    if (!client || !session?.accountId) return undefined;
    const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    if (grantId) return provider.Grant.find(grantId);
    const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(String(params?.scope ?? 'openid'));
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);

function loginPage(uid: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to the test identity provider</title></head>
<body><main>
<h1>Test identity provider</h1>
<form method="post" action="/interaction/${uid}/login">
<label for="login">Login name</label>
<input id="login" name="login" autocomplete="username" required autofocus>
<button type="submit">Sign in</button>
</form>
</main></body></html>`;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'POST' && action === 'login') {
    const login = (await formOf(req)).get('login')?.trim().toLowerCase();
    if (!login) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(uid));
}

const handleOidc = provider.callback();
const server = createServer((req, res) => {
  const [, uid, action] = /^\/interaction\/([^/?]+)(?:\/([a-z]+))?(?:\?|$)/.exec(req.url ?? '') ?? [];
  if (!uid) {
    handleOidc(req, res);
    return;
  }
  interaction(req, res, uid, action).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(error));
  });
});
server.listen(port, '127.0.0.1', () => console.log(`OpenID Connect provider on ${issuer}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
