import { ACCESS_COOKIE, setCookieHeader } from '@/lib/security/cookies';
import { guardRequest } from '@/lib/security/guard';
import { endAccessSession } from '@/lib/security/session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Signs this browser out: its access session is revoked, so a copy of the cookie opens nothing either. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardRequest(request, { access: false });
  if (!guarded.ok) return guarded.response;
  await endAccessSession();
  const response = new Response(null, { status: 204 });
  response.headers.append('set-cookie', setCookieHeader(ACCESS_COOKIE, '', 0));
  return response;
}
