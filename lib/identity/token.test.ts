import { describe, expect, it } from 'vitest';
import { isOwnerId, newOwnerId, OWNER_COOKIE_MAX_AGE_SECONDS, signOwnerId, verifyOwnerToken } from './token';

const SECRET = 'a'.repeat(16) + 'b'.repeat(16);
const OTHER_SECRET = 'c'.repeat(40);

/** Changes one character of `text` at `index` to another base64url character. */
function flip(text: string, index: number): string {
  const c = text[index]!;
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same mac bytes spelled differently: the last character's two unused bits set. */
function nonCanonical(token: string): string {
  const last = ALPHABET.indexOf(token.at(-1)!);
  expect(last & 0b11).toBe(0);
  return token.slice(0, -1) + ALPHABET[last | 0b01];
}

describe('owner tokens', () => {
  it('makes random 128-bit base64url owner ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newOwnerId));
    expect(ids.size).toBe(100);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isOwnerId(id)).toBe(true);
    }
    expect(OWNER_COOKIE_MAX_AGE_SECONDS).toBe(34_560_000);
  });

  it('signs as <ownerId>.<base64url mac> and verifies to the owner id', async () => {
    const ownerId = newOwnerId();
    const token = await signOwnerId(ownerId, SECRET);
    expect(token).toMatch(new RegExp(`^${ownerId}\\.[A-Za-z0-9_-]{43}$`));
    expect(await signOwnerId(ownerId, SECRET)).toBe(token);
    expect(await verifyOwnerToken(token, SECRET)).toBe(ownerId);
  });

  it('matches a known HMAC-SHA256 value', async () => {
    // echo -n 'AAAAAAAAAAAAAAAAAAAAAA' | openssl dgst -sha256 -hmac "$SECRET" -binary | base64 | tr '+/' '-_' | tr -d =
    const { createHmac } = await import('node:crypto');
    const ownerId = 'AAAAAAAAAAAAAAAAAAAAAA';
    const expected = createHmac('sha256', SECRET).update(ownerId).digest('base64url');
    expect(await signOwnerId(ownerId, SECRET)).toBe(`${ownerId}.${expected}`);
  });

  it('rejects a tampered owner id, a tampered mac and the wrong secret', async () => {
    const ownerId = newOwnerId();
    const token = await signOwnerId(ownerId, SECRET);
    const [id, mac] = token.split('.') as [string, string];
    expect(await verifyOwnerToken(`${flip(id, 0)}.${mac}`, SECRET)).toBeUndefined();
    expect(await verifyOwnerToken(`${newOwnerId()}.${mac}`, SECRET)).toBeUndefined();
    expect(await verifyOwnerToken(`${id}.${flip(mac, 0)}`, SECRET)).toBeUndefined();
    expect(await verifyOwnerToken(`${id}.${flip(mac, 42)}`, SECRET)).toBeUndefined();
    expect(await verifyOwnerToken(token, OTHER_SECRET)).toBeUndefined();
    // Another owner's mac does not fit.
    const other = await signOwnerId(newOwnerId(), SECRET);
    expect(await verifyOwnerToken(`${id}.${other.split('.')[1]}`, SECRET)).toBeUndefined();
  });

  it('rejects malformed tokens', async () => {
    const token = await signOwnerId(newOwnerId(), SECRET);
    const [id, mac] = token.split('.') as [string, string];
    const garbage = [
      '',
      '.',
      id,
      `${id}.`,
      `.${mac}`,
      `${id}.${mac}.`,
      `${id}.${mac}.${mac}`,
      `${id}.${mac}=`,
      `${id}.${mac.slice(0, -1)}`,
      `${id}.${mac}A`,
      ` ${token}`,
      `${token} `,
      `${id}.+${mac.slice(1)}`,
      `${id}.${mac.slice(0, -1)}/`,
      nonCanonical(token),
      `short.${mac}`,
      `${'x'.repeat(65)}.${mac}`,
      `${id.slice(0, 10)}!${id.slice(11)}.${mac}`,
      'x'.repeat(10_000),
      'not a token at all',
    ];
    for (const candidate of garbage) expect(await verifyOwnerToken(candidate, SECRET), candidate).toBeUndefined();
    expect(await verifyOwnerToken(undefined as unknown as string, SECRET)).toBeUndefined();
  });

  it('refuses to sign what it would not verify', async () => {
    await expect(signOwnerId('has.dot.in.it.xxxxxxxx', SECRET)).rejects.toThrow(TypeError);
    await expect(signOwnerId('short', SECRET)).rejects.toThrow(TypeError);
    await expect(signOwnerId(newOwnerId(), '')).rejects.toThrow(TypeError);
  });
});
