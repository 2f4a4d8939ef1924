import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { getAuthSecret } from '@/lib/identity/secret';
import { newOwnerId, OWNER_COOKIE, OWNER_COOKIE_MAX_AGE_SECONDS, signOwnerId, verifyOwnerToken } from '@/lib/identity/token';
import { ACCESS_COOKIE, hasAccess } from '@/lib/security/access';
import { contentSecurityPolicy, newNonce } from '@/lib/security/headers';
import { isSameOriginRequest } from '@/lib/security/origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Reachable without the access password: the sign-in itself, and the load balancer's probe. */
const OPEN_PATHS = new Set(['/login', '/api/login', '/api/health']);

function jsonError(status: number, type: string, message: string): NextResponse {
  return NextResponse.json({ error: { type, message } }, { status });
}

/**
 * Runs before every page and API route: refuses cross-site writes, asks for the access
 * password when one is set, gives every browser its anonymous identity (a signed, HttpOnly,
 * SameSite=Lax cookie, passed on to this very request too) and a fresh CSP nonce per page.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const path = request.nextUrl.pathname;
  const isApi = path.startsWith('/api/');
  try {
    decodeURIComponent(path);
  } catch {
    // Malformed percent-encoding would otherwise fail deep inside routing.
    return jsonError(400, 'invalid_request', 'The address is not valid.');
  }
  if (!SAFE_METHODS.has(request.method) && !isSameOriginRequest(request.headers, env.RILL_ALLOWED_ORIGINS)) {
    return jsonError(403, 'cross_origin', 'Requests from other sites are not accepted.');
  }

  const secret = await getAuthSecret();
  if (env.APP_PASSWORD && !OPEN_PATHS.has(path) && !(await hasAccess(request.cookies.get(ACCESS_COOKIE)?.value, env.APP_PASSWORD, secret))) {
    if (isApi) return jsonError(401, 'password_required', 'This Rill asks for a password. Sign in at /login.');
    const login = new URL('/login', request.url);
    if (path !== '/') login.searchParams.set('next', path);
    return NextResponse.redirect(login);
  }

  const requestHeaders = new Headers(request.headers);
  const https = request.nextUrl.protocol === 'https:';
  const csp = isApi ? undefined : contentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === 'development', https });
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  if (csp) requestHeaders.set('content-security-policy', csp);

  const existing = request.cookies.get(OWNER_COOKIE)?.value;
  const owner = existing && (await verifyOwnerToken(existing, secret)) ? undefined : await signOwnerId(newOwnerId(), secret);
  if (owner) {
    request.cookies.set(OWNER_COOKIE, owner);
    requestHeaders.set('cookie', request.headers.get('cookie') ?? '');
  }

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (csp) response.headers.set('content-security-policy', csp);
  if (owner) {
    response.cookies.set(OWNER_COOKIE, owner, {
      httpOnly: true,
      sameSite: 'lax',
      secure: https,
      path: '/',
      maxAge: OWNER_COOKIE_MAX_AGE_SECONDS,
    });
  }
  return response;
}

export const config = {
  // Pages and API routes; static assets need neither identity nor a nonce.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)'],
};
