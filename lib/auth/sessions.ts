import 'server-only';
import { getAuth } from './index';

// An account's own sessions, for settings: the browser sees their ids and devices, never their
// tokens, which are what a session is signed in with.

/** One signed-in browser of the account. Dates are ISO 8601. */
export type DeviceSession = { id: string; device: string; createdAt: string; lastActiveAt: string; current: boolean };

/** "Firefox on Linux": enough to tell one's devices apart, from the user agent. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return 'An unknown device';
  const browser =
    [
      [/Edg\//, 'Edge'],
      [/OPR\/|Opera/, 'Opera'],
      [/Firefox\//, 'Firefox'],
      [/Chrome\/|Chromium\/|CriOS\//, 'Chrome'],
      [/Safari\//, 'Safari'],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? 'A browser';
  const system =
    [
      [/iPhone|iPad|iOS/, 'iOS'],
      [/Android/, 'Android'],
      [/Windows/, 'Windows'],
      [/Mac OS X|Macintosh/, 'macOS'],
      [/CrOS/, 'ChromeOS'],
      [/Linux/, 'Linux'],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1];
  return system ? `${browser} on ${system}` : String(browser);
}

/** The account's live sessions, the current one first, then the newest. */
export async function listDeviceSessions(headers: Headers): Promise<DeviceSession[]> {
  const auth = await getAuth();
  const [current, sessions] = await Promise.all([auth.api.getSession({ headers }), auth.api.listSessions({ headers })]);
  return sessions
    .map((session) => ({
      id: session.id,
      device: describeDevice(session.userAgent),
      createdAt: new Date(session.createdAt).toISOString(),
      lastActiveAt: new Date(session.updatedAt).toISOString(),
      current: session.id === current?.session.id,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.createdAt.localeCompare(a.createdAt));
}

/** Signs out one other browser of the account. False when the account has no such session. */
export async function revokeDeviceSession(headers: Headers, id: string): Promise<boolean> {
  const auth = await getAuth();
  const session = (await auth.api.listSessions({ headers })).find((candidate) => candidate.id === id);
  if (!session) return false;
  await auth.api.revokeSession({ headers, body: { token: session.token } });
  return true;
}

/** Signs the account out of every browser, this one included. */
export async function revokeAllSessions(headers: Headers): Promise<void> {
  await (await getAuth()).api.revokeSessions({ headers });
}
