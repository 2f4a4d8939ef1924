import 'server-only';
import { cookies } from 'next/headers';
import { getDatabase } from '../db/client';
import { insertAccessSession, isAccessSessionLive, revokeAccessSession } from '../db/queries';
import { env } from '../env';
import { getAuthSecret } from '../identity/secret';
import { issueAccessToken, readAccessToken } from './access';
import { ACCESS_COOKIE } from './cookies';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Starts a new access session for a correct password; returns its cookie value and lifetime. */
export async function startAccessSession(password: string): Promise<{ token: string; maxAgeSeconds: number }> {
  const maxAgeMs = env.RILL_ACCESS_SESSION_DAYS * DAY_MS;
  const expiresAt = new Date(Date.now() + maxAgeMs);
  const { sessionId, token } = await issueAccessToken(password, await getAuthSecret(), expiresAt);
  await insertAccessSession(await getDatabase(), { id: sessionId, expiresAt });
  return { token, maxAgeSeconds: Math.floor(maxAgeMs / 1000) };
}

async function currentSession(): Promise<string | undefined> {
  if (!env.APP_PASSWORD) return undefined;
  const token = (await cookies()).get(ACCESS_COOKIE)?.value;
  return (await readAccessToken(token, env.APP_PASSWORD, await getAuthSecret()))?.sessionId;
}

/**
 * Whether this request may use Rill: always without APP_PASSWORD; with it, only with a signed
 * session that has neither expired nor been revoked.
 */
export async function hasLiveAccess(): Promise<boolean> {
  if (!env.APP_PASSWORD) return true;
  const sessionId = await currentSession();
  return sessionId !== undefined && (await isAccessSessionLive(await getDatabase(), sessionId));
}

/** Revokes this request's access session (Sign out), wherever its cookie may have been copied. */
export async function endAccessSession(): Promise<void> {
  const sessionId = await currentSession();
  if (sessionId) await revokeAccessSession(await getDatabase(), sessionId);
}
