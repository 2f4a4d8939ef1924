import { forkConversation } from '@/lib/conversations/copy';
import { conversationNotFound, errorResponse } from '@/lib/errors';
import { enforceMessageLimits } from '@/lib/rate-limit';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** "Fork to a new chat": a copy of the conversation as it is now, with its files; answers with the new chat's id. */
export async function POST(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const limited = await enforceMessageLimits(owned.caller);
  if (limited) return errorResponse(limited);
  const forked = await forkConversation(owned.caller.ownerId, owned.id);
  if (!forked) return conversationNotFound();
  return forked.ok ? Response.json({ id: forked.id }) : errorResponse(forked.problem);
}
