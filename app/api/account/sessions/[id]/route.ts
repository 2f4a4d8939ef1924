import { revokeDeviceSession } from '@/lib/auth/sessions';
import { errorResponse } from '@/lib/errors';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const noSuchSession = () => errorResponse({ type: 'not_found', message: 'No such session: it may have ended already.' });

/** Signs out one of the account's devices. */
export async function DELETE(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context, noSuchSession);
  if (!owned.ok) return owned.response;
  if (!owned.caller.account) return noSuchSession();
  return (await revokeDeviceSession(request.headers, owned.id)) ? new Response(null, { status: 204 }) : noSuchSession();
}
