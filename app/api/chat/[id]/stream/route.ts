import { resumeChat } from '@/lib/chat/stream-chat';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
// On Vercel: a reader follows the answer for as long as it runs (see app/api/chat/route.ts).
export const maxDuration = 300;

/**
 * Reattaches a browser to its conversation's running answer (useChat's resume), on any instance:
 * 204 when none is running; 404, as everywhere, for a conversation that is not the caller's.
 */
export async function GET(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  return resumeChat(owned.caller.ownerId, owned.id);
}
