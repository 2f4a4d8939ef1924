// HMAC-SHA256 with node:crypto, which the proxy (Node.js runtime) and the route handlers share.
// Web Crypto's `subtle.sign` went through an async job per call: ≈ 0.9 ms of the event loop per
// answer in the bench's profile, where node:crypto's HMAC takes microseconds.
import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of `message` under `secret`, base64url without padding (43 characters). */
export function hmac(secret: string, message: string): string {
  if (!secret) throw new TypeError('An empty secret cannot sign');
  return createHmac('sha256', secret).update(message).digest('base64url');
}

/** An HMAC-SHA256 is 32 bytes: 43 base64url characters without padding. */
const MAC_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether `mac` is the HMAC of `message` under `secret`, compared in constant time. */
export function hmacMatches(secret: string, message: string, mac: string): boolean {
  return MAC_PATTERN.test(mac) && constantTimeEqual(mac, hmac(secret, message));
}

/** Compares two strings in time that depends only on their length (which is public here). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A random id of `bytes` bytes, base64url. */
export function randomId(bytes = 16): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url');
}
