import { handleAuthRequest } from '@/lib/auth/handler';
import { guardRequest } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** better-auth's endpoints: sign-up, sign-in (email, OpenID Connect), verification, sessions, admin. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await guardRequest(request);
  if (!guarded.ok) return guarded.response;
  return handleAuthRequest(request, guarded.client);
}

export async function POST(request: Request): Promise<Response> {
  const guarded = await guardRequest(request);
  if (!guarded.ok) return guarded.response;
  return handleAuthRequest(request, guarded.client);
}
