import { describe, expect, it, vi } from 'vitest';

vi.mock('../identity/secret', () => ({ getAuthSecret: async () => 'unit-test-auth-secret-0123456789abcdef' }));

const { decryptSecret, encryptSecret, openWith, sealWith, SecretDecryptionError } = await import('./encryption');

describe('secrets at rest', () => {
  it('gives back what it sealed, and never shows the plaintext', async () => {
    const sealed = await encryptSecret('bearer-token-éà-123');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('bearer-token');
    expect(await decryptSecret(sealed)).toBe('bearer-token-éà-123');
  });

  it('seals the same text differently each time (a fresh IV)', async () => {
    const [a, b] = [await encryptSecret('same'), await encryptSecret('same')];
    expect(a).not.toBe(b);
    expect(await decryptSecret(a)).toBe(await decryptSecret(b));
  });

  it('refuses a sealed text that was altered, with a clear error', async () => {
    const sealed = await encryptSecret('refresh-token');
    const [version, iv, body = ''] = sealed.split('.');
    const flipped = `${body.startsWith('A') ? 'B' : 'A'}${body.slice(1)}`;
    await expect(decryptSecret(`${version}.${iv}.${flipped}`)).rejects.toThrow(/altered/);
    await expect(decryptSecret(`${version}.${iv}.${body.slice(0, 10)}`)).rejects.toBeInstanceOf(SecretDecryptionError);
    await expect(decryptSecret('v2.abc.def')).rejects.toThrow(/format/);
    await expect(decryptSecret('plain text')).rejects.toThrow(/format/);
  });

  it('cannot be opened with another auth secret', () => {
    const sealed = sealWith('first-secret-0123456789abcdef-0123', 'token');
    expect(openWith('first-secret-0123456789abcdef-0123', sealed)).toBe('token');
    expect(() => openWith('other-secret-0123456789abcdef-0123', sealed)).toThrow(SecretDecryptionError);
  });
});
