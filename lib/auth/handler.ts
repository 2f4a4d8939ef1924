import 'server-only';
import { errorBody, type ErrorBody } from '../errors';
import { checkLoginAttempt, clearLoginFailures, recordLoginFailure } from '../rate-limit';
import { getAuth } from './index';

/** better-auth's endpoints that take a password or start a sign-in: each counts as a sign-in attempt. */
const SIGN_IN_PATHS = new Set(['/api/auth/sign-in/email', '/api/auth/sign-up/email', '/api/auth/sign-in/social', '/api/auth/request-password-reset', '/api/auth/send-verification-email']);

/**
 * Answers a request to better-auth's endpoints (app/api/auth/[...all]), once the route has
 * checked the host, origin and access password. Sign-in attempts draw on Rill's own login limits,
 * keyed by the client's address as lib/client-ip resolves it, and a wrong password makes that
 * address wait longer each time, as with APP_PASSWORD. better-auth's error bodies are reworded
 * into Rill's `{ error: { type, message } }`, so the browser reads one kind of error, and its other
 * JSON answers lose the session token.
 */
export async function handleAuthRequest(request: Request, client: string): Promise<Response> {
  const path = new URL(request.url).pathname;
  const attempt = request.method === 'POST' && SIGN_IN_PATHS.has(path);
  if (attempt) {
    const throttled = await checkLoginAttempt(client);
    if (throttled) return Response.json(errorBody(throttled), { status: 429, headers: { 'retry-after': String(throttled.retryAfterSeconds ?? 1) } });
  }
  const response = await (await getAuth()).handler(request);
  if (attempt && path === '/api/auth/sign-in/email') {
    if (response.status === 401) await recordLoginFailure(client);
    else if (response.ok) await clearLoginFailures(client);
  }
  if (!response.headers.get('content-type')?.includes('json')) return response;
  return response.ok ? withoutSessionTokens(response) : asRillError(response);
}

/**
 * better-auth puts the session's token in some answers (sign-in, sign-up, get-session,
 * list-sessions). It is the session cookie's value, kept HttpOnly so that a script injected into
 * a page could not read it: no answer hands it to the page either. Rill's pages never use it.
 */
async function withoutSessionTokens(response: Response): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const init = { status: response.status, headers };
  // An empty answer (a 204, say) has no body to give back; one that is not JSON has no fields.
  if (!text) return new Response(null, init);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, init);
  }
  return new Response(JSON.stringify(withoutTokens(body)), init);
}

function withoutTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTokens);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (key === 'token' ? [] : [[key, withoutTokens(inner)]])));
}

async function asRillError(response: Response): Promise<Response> {
  const body = (await response.json().catch(() => ({}))) as { code?: unknown; message?: unknown };
  const rill: ErrorBody = {
    error: {
      type: typeof body.code === 'string' ? `auth_${body.code.toLowerCase()}` : 'auth_error',
      message: typeof body.message === 'string' && body.message ? body.message : 'Signing in did not work. Try again.',
    },
  };
  // The status is better-auth's own: it tells a wrong password (401) from a refused address (403).
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return Response.json(rill, { status: response.status, headers });
}
