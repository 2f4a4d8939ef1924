// Signed anonymous owner ids: `<ownerId>.<base64url HMAC-SHA256(ownerId)>`.
import { hmac, hmacMatches, randomId } from '../security/hmac';

/** 400 days, the longest lifetime browsers honour for a cookie. */
export const OWNER_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/** What newOwnerId() produces, and all that signOwnerId() accepts: base64url, 16 to 64 chars. */
const OWNER_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function isOwnerId(value: string): boolean {
  return OWNER_ID_PATTERN.test(value);
}

/** A new random owner id: 128 bits, base64url (22 characters). */
export function newOwnerId(): string {
  return randomId(16);
}

export async function signOwnerId(ownerId: string, secret: string): Promise<string> {
  if (!isOwnerId(ownerId)) throw new TypeError('Owner ids are 16 to 64 base64url characters');
  return `${ownerId}.${hmac(secret, ownerId)}`;
}

/** The owner id a token was signed for, or undefined for anything that is not a valid token. */
export async function verifyOwnerToken(token: string, secret: string): Promise<string | undefined> {
  if (typeof token !== 'string' || token.length > 200) return undefined;
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const ownerId = token.slice(0, dot);
  const given = token.slice(dot + 1);
  if (!isOwnerId(ownerId)) return undefined;
  return hmacMatches(secret, ownerId, given) ? ownerId : undefined;
}
