import 'server-only';
import { clientBucket } from '../client-ip';
import { env } from '../env';
import { idSchema } from '../chat/request';
import { conversationNotFound, errorResponse, type RillError } from '../errors';
import { currentOwner } from '../identity/owner';
import { guestsAllowed, type Account } from '../auth';
import { isAllowedHost, MISDIRECTED_MESSAGE } from './hosts';
import { isSameOriginRequest } from './origin';
import { hasLiveAccess } from './session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling: the owner (an account, or a guest), and the rate-limit bucket of their address. */
export type Caller = { ownerId: string; client: string; account?: Account };

export type Guarded<T> = ({ ok: true } & T) | { ok: false; response: Response };

/**
 * The checks every API route makes before it reads a byte of the body (the proxy does not run
 * for /api, so that no body is buffered before them): a host this Rill answers to, a write from
 * its own pages, and, when APP_PASSWORD is set, a live access session.
 */
export async function guardRequest(request: Request, options: { access: boolean } = { access: true }): Promise<Guarded<{ client: string }>> {
  if (!isAllowedHost(request.headers.get('host'))) return { ok: false, response: errorResponse({ type: 'misdirected_request', message: MISDIRECTED_MESSAGE }) };
  if (!SAFE_METHODS.has(request.method) && !isSameOriginRequest(request.headers, env.RILL_ALLOWED_ORIGINS)) {
    return { ok: false, response: errorResponse({ type: 'cross_origin', message: 'Requests from other sites are not accepted.' }) };
  }
  if (options.access && !(await hasLiveAccess())) {
    return { ok: false, response: errorResponse({ type: 'password_required', message: 'This Rill asks for a password. Sign in at /login.' }) };
  }
  return { ok: true, client: clientBucket(request) };
}

/**
 * `guardRequest`, then the caller's identity, which owns everything the request may touch. A
 * request without a valid identity cookie is refused, never given a new identity: identities
 * are made only by page loads, which are rate-limited (proxy.ts), so dropping the cookie resets
 * no limit.
 */
export async function requireOwner(request: Request): Promise<Guarded<{ caller: Caller }>> {
  const guarded = await guardRequest(request);
  if (!guarded.ok) return guarded;
  const owner = await currentOwner();
  if (!owner) {
    const refusal: RillError = guestsAllowed
      ? { type: 'unauthorized', message: 'Your session cookie is missing or invalid. Reload the page and try again.' }
      : { type: 'sign_in_required', message: 'Sign in to use this Rill: your session has ended or was signed out.' };
    return { ok: false, response: errorResponse(refusal) };
  }
  return { ok: true, caller: { ownerId: owner.id, client: guarded.client, ...(owner.account ? { account: owner.account } : {}) } };
}

/**
 * `requireOwner`, for an admin's endpoint (app/api/admin): anyone else, signed in or not, is
 * refused as `admin_only`.
 */
export async function requireAdmin(request: Request): Promise<Guarded<{ caller: Caller & { account: Account } }>> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded;
  const { caller } = guarded;
  if (caller.account?.role !== 'admin') return { ok: false, response: errorResponse({ type: 'admin_only', message: 'Only an admin of this Rill may do this.' }) };
  return { ok: true, caller: { ...caller, account: caller.account } };
}

/** The route context of an address with an `[id]` segment. */
export type IdContext = { params: Promise<{ id: string }> };

/**
 * `requireOwner`, for an address that names one of the owner's things by id. A malformed id is
 * answered as `notFound`, like an id that is someone else's or none at all.
 */
export async function requireOwnerOf(request: Request, context: IdContext, notFound: () => Response = conversationNotFound): Promise<Guarded<{ caller: Caller; id: string }>> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded;
  const id = idSchema.safeParse((await context.params).id);
  return id.success ? { ok: true, caller: guarded.caller, id: id.data } : { ok: false, response: notFound() };
}
