import { afterEach, describe, expect, it, vi } from 'vitest';

/** cookies.ts and hosts.ts read the environment once, when first imported. */
async function load(environment: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  return { ...(await import('./cookies')), ...(await import('./hosts')) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('cookies and hosts', () => {
  it('over https (from RILL_PUBLIC_URL, not from any header): Secure, __Host- names, HSTS, and only the public host by name', async () => {
    const config = await load({ RILL_PUBLIC_URL: 'https://chat.example.com' });
    expect(config.OWNER_COOKIE).toBe('__Host-rill_owner');
    expect(config.ACCESS_COOKIE).toBe('__Host-rill_access');
    expect(config.setCookieHeader(config.ACCESS_COOKIE, 'v', 60)).toBe('__Host-rill_access=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure');
    expect(config.cookieOptions(60).secure).toBe(true);
    expect(config.HSTS_HEADER).toMatch(/^max-age=\d+/);
    expect(config.isAllowedHost('chat.example.com')).toBe(true);
    expect(config.isAllowedHost('CHAT.example.com:443')).toBe(true);
    expect(config.isAllowedHost('rebound.example')).toBe(false);
    expect(config.isAllowedHost('chat.example.com.rebound.example')).toBe(false);
    expect(config.isAllowedHost('10.0.0.5:3000')).toBe(true);
    expect(config.isAllowedHost(null)).toBe(false);
  });

  it('over plain http on a personal machine: plain names, no HSTS, localhost and addresses only', async () => {
    const config = await load({ RILL_PUBLIC_URL: '' });
    expect(config.OWNER_COOKIE).toBe('rill_owner');
    expect(config.setCookieHeader(config.OWNER_COOKIE, 'v', 60)).not.toContain('Secure');
    expect(config.HSTS_HEADER).toBeUndefined();
    for (const host of ['localhost:3000', 'app.localhost', '127.0.0.1:3000', '[::1]:3000']) expect(config.isAllowedHost(host), host).toBe(true);
    expect(config.isAllowedHost('attacker.example')).toBe(false);
  });

  it('on Vercel: Secure, and the deployment\'s own names', async () => {
    const config = await load({ VERCEL: '1', VERCEL_URL: 'rill-abc123.vercel.app', RILL_PUBLIC_URL: '' });
    expect(config.OWNER_COOKIE).toBe('__Host-rill_owner');
    expect(config.isAllowedHost('rill-abc123.vercel.app')).toBe(true);
    expect(config.isAllowedHost('other.vercel.app')).toBe(false);
  });
});
