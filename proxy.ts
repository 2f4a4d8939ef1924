import { NextResponse, type NextRequest } from 'next/server';
import { getAuthSecret } from '@/lib/identity/secret';
import { newOwnerId, OWNER_COOKIE, OWNER_COOKIE_MAX_AGE_SECONDS, signOwnerId, verifyOwnerToken } from '@/lib/identity/token';

/**
 * Gives every browser an anonymous identity before any page or API route runs: a signed,
 * HttpOnly, SameSite=Lax cookie. A new identity is also passed on to this very request, so
 * the first page load and the first API call agree on who the owner is.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const secret = await getAuthSecret();
  const existing = request.cookies.get(OWNER_COOKIE)?.value;
  if (existing && (await verifyOwnerToken(existing, secret))) return NextResponse.next();

  const token = await signOwnerId(newOwnerId(), secret);
  request.cookies.set(OWNER_COOKIE, token);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(OWNER_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.nextUrl.protocol === 'https:',
    path: '/',
    maxAge: OWNER_COOKIE_MAX_AGE_SECONDS,
  });
  return response;
}

export const config = {
  // Pages and API routes; static assets need no identity.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|txt)$).*)'],
};
