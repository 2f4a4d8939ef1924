import { describe, expect, it } from 'vitest';
import { accessToken, hasAccess, passwordMatches } from './access';

const secret = 'x'.repeat(40);

describe('access gate', () => {
  it('grants access only with the cookie for the current password', async () => {
    const cookie = await accessToken('correct horse', secret);
    expect(await hasAccess(cookie, 'correct horse', secret)).toBe(true);
    expect(await hasAccess(cookie, 'new password', secret)).toBe(false);
    expect(await hasAccess(cookie, 'correct horse', 'y'.repeat(40))).toBe(false);
    expect(await hasAccess(undefined, 'correct horse', secret)).toBe(false);
    expect(await hasAccess(`${cookie}x`, 'correct horse', secret)).toBe(false);
  });

  it('matches passwords exactly', async () => {
    expect(await passwordMatches('correct horse', 'correct horse', secret)).toBe(true);
    expect(await passwordMatches('correct hors', 'correct horse', secret)).toBe(false);
    expect(await passwordMatches('', 'correct horse', secret)).toBe(false);
  });
});
