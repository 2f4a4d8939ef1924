import { NextResponse, type NextRequest } from 'next/server';
import { getSessionCookie } from 'better-auth/cookies';
import { accountOf, accountsEnabled, guestsAllowed } from '@/lib/auth';
import { clientBucket } from '@/lib/client-ip';
import { env } from '@/lib/env';
import { errorBody, statusOf, type RillError } from '@/lib/errors';
import { getAuthSecret } from '@/lib/identity/secret';
import { newOwnerId, OWNER_COOKIE_MAX_AGE_SECONDS, signOwnerId, verifyOwnerToken } from '@/lib/identity/token';
import { enforceRateLimits, EVERYONE, RULES } from '@/lib/rate-limit';
import { readAccessToken } from '@/lib/security/access';
import { ACCESS_COOKIE, cookieOptions, HSTS_HEADER, OWNER_COOKIE } from '@/lib/security/cookies';
import { contentSecurityPolicy, newNonce } from '@/lib/security/headers';
import { isAllowedHost, MISDIRECTED_MESSAGE } from '@/lib/security/hosts';
import { SHARE_ROBOTS_HEADER } from '@/lib/shares/robots';

/** Reachable without the access password. */
const OPEN_PATHS = new Set(['/login', '/sign-in']);

/** A shared conversation's page: anyone with the link reads it, signed in or not (the access password still applies). */
const isSharePage = (path: string) => path.startsWith('/share/');

function plainText(status: number, message: string, headers: Record<string, string> = {}): NextResponse {
  return new NextResponse(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

/**
 * Runs before every page (not the API: each route checks its own callers, before reading a
 * body, in lib/security/guard). It serves only this Rill's host names, asks for the access
 * password when one is set, gives every new browser its anonymous identity (a signed, HttpOnly
 * cookie, passed on to this very request too, and rate-limited per client address and for the
 * whole deployment), and a fresh CSP nonce per page.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const path = request.nextUrl.pathname;
  try {
    decodeURIComponent(path);
  } catch {
    // Malformed percent-encoding would otherwise fail deep inside routing, as a 500.
    const invalid: RillError = { type: 'invalid_request', message: 'The address is not valid.' };
    return path.startsWith('/api/') ? NextResponse.json(errorBody(invalid), { status: statusOf(invalid.type) }) : plainText(statusOf(invalid.type), invalid.message);
  }
  // No API address of Rill's holds a percent sign: the rest of an API request is its route's.
  if (path.startsWith('/api/')) return NextResponse.next();
  if (!isAllowedHost(request.headers.get('host'))) return plainText(421, MISDIRECTED_MESSAGE);

  const secret = await getAuthSecret();
  if (env.APP_PASSWORD && !OPEN_PATHS.has(path) && !(await readAccessToken(request.cookies.get(ACCESS_COOKIE)?.value, env.APP_PASSWORD, secret))) {
    const login = new URL('/login', request.url);
    if (path !== '/') login.searchParams.set('next', path);
    return NextResponse.redirect(login);
  }

  // A session that was revoked (signed out everywhere, the account disabled) or has expired:
  // its pages go to sign-in, and its cookie is dropped so that the browser may go on as a guest.
  if (accountsEnabled && !OPEN_PATHS.has(path) && getSessionCookie(request) && !(await accountOf(request.headers))) {
    const signIn = new URL('/sign-in', request.url);
    if (path !== '/') signIn.searchParams.set('next', path);
    const redirect = NextResponse.redirect(signIn);
    for (const { name } of request.cookies.getAll()) if (/better-auth\.session_(token|data)$/.test(name)) redirect.cookies.delete(name);
    return redirect;
  }

  // Without guests, a page needs an account's session cookie (the page itself checks the session).
  if (!guestsAllowed && !OPEN_PATHS.has(path) && !isSharePage(path) && !getSessionCookie(request)) {
    const signIn = new URL('/sign-in', request.url);
    if (path !== '/') signIn.searchParams.set('next', path);
    return NextResponse.redirect(signIn);
  }

  const requestHeaders = new Headers(request.headers);
  const csp = contentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === 'development', https: HSTS_HEADER !== undefined });
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set('content-security-policy', csp);

  let owner: string | undefined;
  const existing = request.cookies.get(OWNER_COOKIE)?.value;
  if (guestsAllowed && !OPEN_PATHS.has(path) && !(existing && (await verifyOwnerToken(existing, secret)))) {
    // Identities cost something to make, so dropping the cookie resets no per-identity limit.
    const limited = await enforceRateLimits(
      [
        { rule: RULES.newIdentitiesPerIp, key: clientBucket(request) },
        { rule: RULES.newIdentitiesTotal, key: EVERYONE },
      ],
      (seconds) => `Too many new visitors from your network right now. Try again in ${Math.ceil(seconds / 60)} min, in a browser that keeps cookies.`,
    );
    // A shared page is read without an identity; only continuing it needs one.
    if (limited && !isSharePage(path)) return plainText(statusOf(limited.type), limited.message, limited.retryAfterSeconds ? { 'retry-after': String(limited.retryAfterSeconds) } : {});
    if (!limited) {
      owner = await signOwnerId(newOwnerId(), secret);
      request.cookies.set(OWNER_COOKIE, owner);
      requestHeaders.set('cookie', request.headers.get('cookie') ?? '');
    }
  }

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  if (HSTS_HEADER) response.headers.set('strict-transport-security', HSTS_HEADER);
  if (isSharePage(path)) response.headers.set('x-robots-tag', SHARE_ROBOTS_HEADER);
  if (owner) response.cookies.set(OWNER_COOKIE, owner, cookieOptions(OWNER_COOKIE_MAX_AGE_SECONDS));
  return response;
}

export const config = {
  // Pages, and API addresses with a percent sign (only to refuse malformed ones); not the icons
  // and manifest, which browsers fetch without cookies (no password, no new identity). API routes
  // check their callers themselves (lib/security/guard), so that the proxy, which buffers a
  // request's body while it runs, never holds an unchecked upload.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|txt|webmanifest)$).*)', '/api/(.*%.*)'],
};
