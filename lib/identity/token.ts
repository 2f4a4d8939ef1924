// Signed anonymous owner ids: `<ownerId>.<base64url HMAC-SHA256(ownerId)>`.
// Web Crypto only (no Node APIs), so this runs in Node, the edge runtime and middleware alike.

export const OWNER_COOKIE = 'rill_owner';
/** 400 days, the longest lifetime browsers honour for a cookie. */
export const OWNER_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/** What newOwnerId() produces, and all that signOwnerId() accepts: base64url, 16 to 64 chars. */
const OWNER_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** An HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const encoder = new TextEncoder();

export function isOwnerId(value: string): boolean {
  return OWNER_ID_PATTERN.test(value);
}

/** A new random owner id: 128 bits, base64url (22 characters). */
export function newOwnerId(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

export async function signOwnerId(ownerId: string, secret: string): Promise<string> {
  if (!isOwnerId(ownerId)) throw new TypeError('Owner ids are 16 to 64 base64url characters');
  return `${ownerId}.${await mac(ownerId, secret)}`;
}

/** The owner id a token was signed for, or undefined for anything that is not a valid token. */
export async function verifyOwnerToken(token: string, secret: string): Promise<string | undefined> {
  if (typeof token !== 'string' || token.length > 200) return undefined;
  const dot = token.indexOf('.');
  if (dot < 0) return undefined;
  const ownerId = token.slice(0, dot);
  const given = token.slice(dot + 1);
  if (!isOwnerId(ownerId) || !MAC_PATTERN.test(given)) return undefined;
  const expected = await mac(ownerId, secret);
  return constantTimeEqual(given, expected) ? ownerId : undefined;
}

// Importing a key is the slow part of an HMAC: keep the few secrets a process uses.
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 8) keys.clear();
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

async function mac(ownerId: string, secret: string): Promise<string> {
  if (!secret) throw new TypeError('An empty secret cannot sign');
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(ownerId));
  return base64url(new Uint8Array(signature));
}

/** Compares two strings in time that depends only on their length (which is public here). */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
