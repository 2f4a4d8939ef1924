import { errorResponse } from '@/lib/errors';
import { listDeviceSessions, revokeAllSessions } from '@/lib/auth/sessions';
import { requireOwner, type Caller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const accountOnly = () => errorResponse({ type: 'sign_in_required', message: 'Sign in to see the devices you are signed in on.' });
const isAccount = (caller: Caller) => caller.account !== undefined;

/** The devices the account is signed in on. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  if (!isAccount(guarded.caller)) return accountOnly();
  return Response.json({ sessions: await listDeviceSessions(request.headers) });
}

/** Sign out everywhere: every session of the account ends, this one too. */
export async function DELETE(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  if (!isAccount(guarded.caller)) return accountOnly();
  await revokeAllSessions(request.headers);
  return new Response(null, { status: 204 });
}
