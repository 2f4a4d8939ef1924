import { errorResponse } from '@/lib/errors';
import { enforceMessageLimits } from '@/lib/rate-limit';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';
import { continueSharedConversation, shareNotFound } from '@/lib/shares';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** "Continue this conversation": the shared snapshot, with its files, in a new chat of the caller's; answers with its id. */
export async function POST(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context, shareNotFound);
  if (!owned.ok) return owned.response;
  const limited = await enforceMessageLimits(owned.caller);
  if (limited) return errorResponse(limited);
  const continued = await continueSharedConversation(owned.caller.ownerId, owned.id);
  if (!continued) return shareNotFound();
  return continued.ok ? Response.json({ id: continued.id }) : errorResponse(continued.problem);
}
