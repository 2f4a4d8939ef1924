import 'server-only';
import { clientBucket } from '../client-ip';
import { env } from '../env';
import { errorResponse, unauthorized } from '../http/responses';
import { ownerFromCookie } from '../identity/owner';
import { isAllowedHost, MISDIRECTED_MESSAGE } from './hosts';
import { isSameOriginRequest } from './origin';
import { hasLiveAccess } from './session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling: the anonymous owner, and the rate-limit bucket of their address. */
export type Caller = { ownerId: string; client: string };

export type Guarded<T> = ({ ok: true } & T) | { ok: false; response: Response };

/**
 * The checks every API route makes before it reads a byte of the body (the proxy does not run
 * for /api, so that no body is buffered before them): a host this Rill answers to, a write from
 * its own pages, and, when APP_PASSWORD is set, a live access session.
 */
export async function guardRequest(request: Request, options: { access: boolean } = { access: true }): Promise<Guarded<{ client: string }>> {
  if (!isAllowedHost(request.headers.get('host'))) return { ok: false, response: errorResponse(421, 'misdirected_request', MISDIRECTED_MESSAGE) };
  if (!SAFE_METHODS.has(request.method) && !isSameOriginRequest(request.headers, env.RILL_ALLOWED_ORIGINS)) {
    return { ok: false, response: errorResponse(403, 'cross_origin', 'Requests from other sites are not accepted.') };
  }
  if (options.access && !(await hasLiveAccess())) {
    return { ok: false, response: errorResponse(401, 'password_required', 'This Rill asks for a password. Sign in at /login.') };
  }
  return { ok: true, client: clientBucket(request) };
}

/**
 * `guardRequest`, then the caller's identity. A request without a valid identity cookie is
 * refused, never given a new identity: identities are made only by page loads, which are
 * rate-limited (proxy.ts), so dropping the cookie resets no limit.
 */
export async function requireCaller(request: Request): Promise<Guarded<{ caller: Caller }>> {
  const guarded = await guardRequest(request);
  if (!guarded.ok) return guarded;
  const ownerId = await ownerFromCookie();
  if (!ownerId) return { ok: false, response: unauthorized() };
  return { ok: true, caller: { ownerId, client: guarded.client } };
}
