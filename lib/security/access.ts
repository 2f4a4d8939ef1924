// Access sessions: each sign-in with APP_PASSWORD gets its own random session, kept in the
// database so that it can expire and be revoked. The cookie holds the session id and its expiry,
// signed together with the password: the proxy checks the signature and the expiry without a
// database (it runs before every page), and changing APP_PASSWORD ends every session at once.
// The route handlers and pages check the session's row as well (requireAccess).
import { constantTimeEqual, hmac, hmacMatches, randomId } from './hmac';

const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export type AccessToken = { sessionId: string; expiresAt: Date };

const signed = (sessionId: string, expiresSeconds: number, password: string) => `access:${sessionId}.${expiresSeconds}:${password}`;

/** A new session's id and its cookie value, valid until `expiresAt`. */
export async function issueAccessToken(password: string, secret: string, expiresAt: Date): Promise<{ sessionId: string; token: string }> {
  const sessionId = randomId(24);
  const expiresSeconds = Math.floor(expiresAt.getTime() / 1000);
  return { sessionId, token: `${sessionId}.${expiresSeconds}.${hmac(secret, signed(sessionId, expiresSeconds, password))}` };
}

/** The session a cookie names, when its signature holds for this password and it has not expired. */
export async function readAccessToken(token: string | undefined, password: string, secret: string, now = Date.now()): Promise<AccessToken | undefined> {
  if (typeof token !== 'string' || token.length > 200) return undefined;
  const [sessionId, expires, mac, ...rest] = token.split('.');
  if (rest.length || !sessionId || !expires || !mac || !SESSION_ID_PATTERN.test(sessionId) || !/^\d{1,12}$/.test(expires)) {
    return undefined;
  }
  const expiresSeconds = Number(expires);
  if (expiresSeconds * 1000 <= now) return undefined;
  if (!hmacMatches(secret, signed(sessionId, expiresSeconds, password), mac)) return undefined;
  return { sessionId, expiresAt: new Date(expiresSeconds * 1000) };
}

/** Compares a typed password with the configured one without leaking how much of it matched. */
export async function passwordMatches(attempt: string, password: string, secret: string): Promise<boolean> {
  return constantTimeEqual(hmac(secret, `password:${attempt}`), hmac(secret, `password:${password}`));
}
