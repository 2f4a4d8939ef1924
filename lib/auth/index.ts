import 'server-only';
import { APIError, betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { createAuthMiddleware } from 'better-auth/api';
import { admin, genericOAuth } from 'better-auth/plugins';
import { getDatabase } from '../db/client';
import { countUsers, moveOwnerData } from '../db/queries';
import { moveGuestInstructions } from '../instructions';
import { moveGuestConnectors } from '../mcp';
import { authAccounts, authSessions, authVerifications, users } from '../db/schema';
import { env } from '../env';
import { getAuthSecret } from '../identity/secret';
import { verifyOwnerToken } from '../identity/token';
import { OWNER_COOKIE } from '../security/cookies';
import { isSameOriginRequest } from '../security/origin';
import { sendMail } from './mail';
import { isAdminEmail, isEmailAllowed } from './policy';

// Accounts, through better-auth: its Drizzle adapter keeps them in Rill's own database (PGlite or
// Postgres), and it brings email verification, OpenID Connect (generic OAuth), roles, disabling
// and session revocation, so that none of it is hand-written here.

/** The OpenID Connect provider's id, in its callback address: /api/auth/callback/oidc (better-auth's one callback route for every provider). */
export const OIDC_PROVIDER_ID = 'oidc';

export const signInMethods = {
  email: Boolean(env.SMTP_URL),
  oidc: env.RILL_OIDC_ISSUER ? { name: env.RILL_OIDC_NAME } : undefined,
};

/** Accounts are on once the operator configures a way to sign in; until then everyone is a guest. */
export const accountsEnabled = signInMethods.email || signInMethods.oidc !== undefined;

/** Guests (an anonymous identity per browser) are allowed unless the operator turns them off with accounts on. */
export const guestsAllowed = !accountsEnabled || env.RILL_GUESTS;

function guestOwnerOf(cookieHeader: string | null | undefined): Promise<string | undefined> | undefined {
  const token = cookieHeader
    ?.split(';')
    .map((pair) => pair.trim().split('='))
    .find(([name]) => name === OWNER_COOKIE)?.[1];
  return token ? getAuthSecret().then((secret) => verifyOwnerToken(decodeURIComponent(token), secret)) : undefined;
}

/** The request's `Origin`, when it is one of this Rill's own pages. */
function sameOrigin(headers: Headers): string[] {
  const origin = headers.get('origin');
  return origin && isSameOriginRequest(headers) ? [origin] : [];
}

const NOT_ALLOWED_MESSAGE = 'This email address may not have an account on this Rill. Ask the person who runs it.';

async function createAuth() {
  const db = await getDatabase();
  return betterAuth({
    secret: await getAuthSecret(),
    ...(env.RILL_PUBLIC_URL ? { baseURL: env.RILL_PUBLIC_URL } : {}),
    basePath: '/api/auth',
    // Rill's guard (lib/security/guard) lets through only writes from its own pages; better-auth
    // checks the origin again, and without RILL_PUBLIC_URL would know no origin of Rill's own,
    // refusing every sign-up on a personal install. The page's origin, once the guard passed it, is.
    trustedOrigins: (request) => [...env.RILL_ALLOWED_ORIGINS, ...(request ? sameOrigin(request.headers) : [])],
    database: drizzleAdapter(db, { provider: 'pg', schema: { user: users, session: authSessions, account: authAccounts, verification: authVerifications } }),
    telemetry: { enabled: false },
    // Rill's own limits (lib/rate-limit, keyed by lib/client-ip) guard the sign-in routes.
    rateLimit: { enabled: false },
    advanced: { ipAddress: { disableIpTracking: true }, database: { generateId: () => crypto.randomUUID() } },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    account: {
      encryptOAuthTokens: true,
      // Signing in through the OpenID Connect provider joins an existing account of the same
      // address only when the provider says it verified that address and the account confirmed it
      // too (better-auth's rule while no provider is listed as trusted); never on the address alone.
      accountLinking: { enabled: true, trustedProviders: [], allowDifferentEmails: false },
    },
    emailAndPassword: { enabled: signInMethods.email, requireEmailVerification: true, minPasswordLength: 10 },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, url }) => {
        await sendMail({
          to: user.email,
          subject: 'Confirm your email for Rill',
          text: `Open this link to confirm your email address and sign in to Rill:\n\n${url}\n\nIt works for one hour. If you did not sign up, ignore this email.`,
        });
      },
    },
    hooks: {
      // better-auth answers an email sign-up that a hook refuses as if it had worked (so that no one
      // learns which addresses have accounts): the allow-list is checked before, to say so plainly.
      before: createAuthMiddleware(async (ctx) => {
        const email: unknown = ctx.path === '/sign-up/email' ? ctx.body?.email : undefined;
        if (typeof email === 'string' && !isEmailAllowed(email, env.RILL_ALLOWED_EMAILS)) {
          throw new APIError('FORBIDDEN', { code: 'EMAIL_NOT_ALLOWED', message: NOT_ALLOWED_MESSAGE });
        }
      }),
    },
    plugins: [
      admin({ defaultRole: 'user', adminRoles: ['admin'], bannedUserMessage: 'This account is disabled. Ask the person who runs this Rill.' }),
      ...(env.RILL_OIDC_ISSUER && env.RILL_OIDC_CLIENT_ID && env.RILL_OIDC_CLIENT_SECRET
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: env.RILL_OIDC_NAME,
                  discoveryUrl: `${env.RILL_OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
                  clientId: env.RILL_OIDC_CLIENT_ID,
                  clientSecret: env.RILL_OIDC_CLIENT_SECRET,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                  // An address the provider does not vouch for (email_verified) must be confirmed by
                  // email before it signs anyone in: otherwise anyone who may set their own address at
                  // the provider could claim an allowed domain or an admin's address here.
                  requireEmailVerification: true,
                },
              ],
            }),
          ]
        : []),
    ],
    databaseHooks: {
      user: {
        create: {
          // The allow-list holds for every way in; the first account, or a named one, is the admin.
          before: async (user) => {
            if (!isEmailAllowed(user.email, env.RILL_ALLOWED_EMAILS)) {
              throw new APIError('FORBIDDEN', { code: 'EMAIL_NOT_ALLOWED', message: NOT_ALLOWED_MESSAGE });
            }
            const first = (await countUsers(db)) === 0;
            return { data: { ...user, role: isAdminEmail(user.email, env.RILL_ADMIN_EMAILS, first) ? 'admin' : 'user' } };
          },
        },
      },
      session: {
        create: {
          // Signing in keeps what this browser did as a guest: it moves to the account.
          after: async (session, context) => {
            const guest = await guestOwnerOf(context?.headers?.get('cookie') ?? context?.request?.headers.get('cookie'));
            if (guest && guest !== session.userId) {
              await moveOwnerData(db, guest, session.userId);
              await moveGuestInstructions(guest, session.userId);
              await moveGuestConnectors(guest, session.userId);
            }
          },
        },
      },
    },
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

let auth: Promise<Auth> | undefined;

/** The one better-auth instance, made on first use (it needs the database open). */
export function getAuth(): Promise<Auth> {
  auth ??= createAuth().catch((error: unknown) => {
    auth = undefined;
    throw error;
  });
  return auth;
}

export type Account = { id: string; email: string; name: string; role: 'admin' | 'user' };

/** The signed-in account of a request, or undefined: no session, an expired or revoked one, or accounts off. */
export async function accountOf(headers: Headers): Promise<Account | undefined> {
  if (!accountsEnabled) return undefined;
  const session = await (await getAuth()).api.getSession({ headers });
  if (!session || session.user.banned) return undefined;
  const { id, email, name, role } = session.user;
  return { id, email, name, role: role === 'admin' ? 'admin' : 'user' };
}
