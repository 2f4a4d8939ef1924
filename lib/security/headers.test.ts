import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './headers';

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce in production, and no framing', () => {
    const csp = contentSecurityPolicy('abc', { development: false, https: true });
    const scripts = csp.split('; ').find((d) => d.startsWith('script-src'))!;
    expect(scripts).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(scripts).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
  });

  it("lets React's development tooling eval, in development only", () => {
    expect(contentSecurityPolicy('abc', { development: true, https: false })).toContain("'unsafe-eval'");
  });
});
