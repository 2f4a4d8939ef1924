import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { getAuthSecret } from '../identity/secret';

// Secrets Rill keeps for people (their MCP servers' bearer tokens and OAuth tokens) are sealed
// with AES-256-GCM before they reach the database: a copy of the database alone does not give
// them away. The key is derived from the auth secret, so every instance sharing that secret can
// read them, and changing it makes them unreadable (people authorize again).

const VERSION = 'v1';
/** Names what the derived key is for: the same auth secret also signs cookies, with other keys. */
const KEY_INFO = 'rill/secrets-at-rest/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

function deriveKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, Buffer.alloc(0), KEY_INFO, 32));
}

/** `v1.<iv>.<ciphertext and tag>`, both base64url. */
export function sealWith(authSecret: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(authSecret), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

export function openWith(authSecret: string, sealed: string): string {
  const [version, ivText, bodyText, ...rest] = sealed.split('.');
  if (version !== VERSION || ivText === undefined || bodyText === undefined || rest.length > 0) {
    throw new SecretDecryptionError('A stored secret is not in a format this Rill can read.');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new SecretDecryptionError('A stored secret is truncated.');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(authSecret), iv);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('A stored secret could not be decrypted: it was altered, or sealed with another AUTH_SECRET.');
  }
}

export async function encryptSecret(plaintext: string): Promise<string> {
  return sealWith(await getAuthSecret(), plaintext);
}

/** Throws SecretDecryptionError when the text was tampered with or sealed under another secret. */
export async function decryptSecret(sealed: string): Promise<string> {
  return openWith(await getAuthSecret(), sealed);
}
