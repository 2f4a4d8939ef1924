import 'server-only';
import { getSessionCookie } from 'better-auth/cookies';
import { cookies, headers } from 'next/headers';
import { accountOf, accountsEnabled, guestsAllowed, type Account } from '../auth';
import { OWNER_COOKIE } from '../security/cookies';
import { hasLiveAccess } from '../security/session';
import { getAuthSecret } from './secret';
import { verifyOwnerToken } from './token';

/**
 * Whoever a request acts for. A signed-in account owns its conversations under its user id; a
 * guest owns them under the anonymous identity in its signed cookie.
 */
export type Owner = { id: string; account?: Account };

/** The anonymous owner named by the request's signed cookie; undefined when it is missing or forged. */
async function guestFromCookie(): Promise<string | undefined> {
  const token = (await cookies()).get(OWNER_COOKIE)?.value;
  if (!token) return undefined;
  return verifyOwnerToken(token, await getAuthSecret());
}

/**
 * The request's owner: its account when signed in (a disabled account has no session), else its
 * guest identity where guests are allowed; undefined otherwise.
 */
export async function currentOwner(): Promise<Owner | undefined> {
  const requestHeaders = await headers();
  const account = await accountOf(requestHeaders);
  if (account) return { id: account.id, account };
  // A browser whose session was revoked (signed out everywhere, the account disabled) or expired
  // is refused, not carried on as a guest: it signs in again (proxy.ts sends its pages there).
  if (!guestsAllowed || (accountsEnabled && getSessionCookie(requestHeaders))) return undefined;
  const guest = await guestFromCookie();
  return guest ? { id: guest } : undefined;
}

/**
 * The owner a page renders for: undefined without an owner, or when APP_PASSWORD is set and this
 * browser's access session has expired or been revoked.
 */
export async function getOwnerId(): Promise<string | undefined> {
  if (!(await hasLiveAccess())) return undefined;
  return (await currentOwner())?.id;
}
