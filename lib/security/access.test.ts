import { describe, expect, it } from 'vitest';
import { issueAccessToken, passwordMatches, readAccessToken } from './access';

const secret = 'x'.repeat(40);
const inADay = () => new Date(Date.now() + 24 * 60 * 60 * 1000);

describe('access tokens', () => {
  it('name their own session, only for the current password and secret', async () => {
    const { sessionId, token } = await issueAccessToken('correct horse', secret, inADay());
    expect((await readAccessToken(token, 'correct horse', secret))?.sessionId).toBe(sessionId);
    expect(await readAccessToken(token, 'new password', secret)).toBeUndefined();
    expect(await readAccessToken(token, 'correct horse', 'y'.repeat(40))).toBeUndefined();
    expect(await readAccessToken(undefined, 'correct horse', secret)).toBeUndefined();
    expect(await readAccessToken(`${token}x`, 'correct horse', secret)).toBeUndefined();
  });

  it('are each different, and cannot be stretched past their expiry', async () => {
    const a = await issueAccessToken('pw-12345678', secret, inADay());
    const b = await issueAccessToken('pw-12345678', secret, inADay());
    expect(a.token).not.toBe(b.token);
    const [id, expires, mac] = a.token.split('.');
    expect(await readAccessToken(`${id}.${Number(expires) + 86_400}.${mac}`, 'pw-12345678', secret)).toBeUndefined();
    expect(await readAccessToken(a.token, 'pw-12345678', secret, Date.now() + 2 * 86_400_000)).toBeUndefined();
  });

  it('match passwords exactly', async () => {
    expect(await passwordMatches('correct horse', 'correct horse', secret)).toBe(true);
    expect(await passwordMatches('correct hors', 'correct horse', secret)).toBe(false);
    expect(await passwordMatches('', 'correct horse', secret)).toBe(false);
  });
});
