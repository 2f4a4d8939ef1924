import 'server-only';
import { cookies } from 'next/headers';
import { getAuthSecret } from './secret';
import { OWNER_COOKIE, verifyOwnerToken } from './token';

/**
 * The anonymous owner of this request, from the signed cookie the proxy guarantees.
 * Undefined when the cookie is missing or forged.
 */
export async function getOwnerId(): Promise<string | undefined> {
  const token = (await cookies()).get(OWNER_COOKIE)?.value;
  if (!token) return undefined;
  return verifyOwnerToken(token, await getAuthSecret());
}
