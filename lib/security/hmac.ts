// HMAC-SHA256 with Web Crypto only (no Node APIs), so that the proxy and the route handlers
// sign and check cookies with the same code.

const encoder = new TextEncoder();

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

/** HMAC-SHA256 of `message` under `secret`, base64url without padding (43 characters). */
export async function hmac(secret: string, message: string): Promise<string> {
  if (!secret) throw new TypeError('An empty secret cannot sign');
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message));
  return base64url(new Uint8Array(signature));
}

/** An HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether `mac` is the HMAC of `message` under `secret`, compared in constant time. */
export async function hmacMatches(secret: string, message: string, mac: string): Promise<boolean> {
  return MAC_PATTERN.test(mac) && constantTimeEqual(mac, await hmac(secret, message));
}

/** Compares two strings in time that depends only on their length (which is public here). */
export function constantTimeEqual(a: string, b: string): boolean {
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

/** A random id of `bytes` bytes, base64url. */
export function randomId(bytes = 16): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}
