import { conversationNotFound, errorResponse } from '@/lib/errors';
import { enforceMessageLimits } from '@/lib/rate-limit';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';
import { getShareLink, revokeShare, shareConversation } from '@/lib/shares';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The conversation's shared link, or null when it has none. */
export async function GET(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const shared = await getShareLink(owned.caller.ownerId, owned.id);
  return shared ? Response.json(shared) : conversationNotFound();
}

/** Shares the conversation as it is now: a new link, or a new snapshot behind the one it has. */
export async function POST(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  // Each snapshot copies the conversation's files: it costs like an upload.
  const limited = await enforceMessageLimits(owned.caller);
  if (limited) return errorResponse(limited);
  const shared = await shareConversation(owned.caller.ownerId, owned.id);
  if (!shared) return conversationNotFound();
  return shared.ok ? Response.json({ link: shared.link }) : errorResponse(shared.problem);
}

/** Revokes the link: the page and its files are gone. */
export async function DELETE(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  return (await revokeShare(owned.caller.ownerId, owned.id)) ? new Response(null, { status: 204 }) : errorResponse({ type: 'not_found', message: 'This conversation has no shared link.' });
}
