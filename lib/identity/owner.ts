import 'server-only';
import { cookies } from 'next/headers';
import { OWNER_COOKIE } from '../security/cookies';
import { hasLiveAccess } from '../security/session';
import { getAuthSecret } from './secret';
import { verifyOwnerToken } from './token';

/** The anonymous owner named by the request's signed cookie; undefined when it is missing or forged. */
export async function ownerFromCookie(): Promise<string | undefined> {
  const token = (await cookies()).get(OWNER_COOKIE)?.value;
  if (!token) return undefined;
  return verifyOwnerToken(token, await getAuthSecret());
}

/**
 * The owner a page renders for: undefined without a valid identity cookie, or when APP_PASSWORD
 * is set and this browser's access session has expired or been revoked.
 */
export async function getOwnerId(): Promise<string | undefined> {
  if (!(await hasLiveAccess())) return undefined;
  return ownerFromCookie();
}
