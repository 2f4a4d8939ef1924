import { z } from 'zod';
import { idSchema } from '@/lib/chat/request';
import { chooseBranch } from '@/lib/conversations/choose-branch';
import { conversationNotFound, errorResponse } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const branchSchema = z.object({ messageId: idSchema });

/** Shows another version of a message: answers with the conversation's new current branch and its versions. */
export async function POST(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const body = await readJsonInput(request, branchSchema);
  if (!body.ok) return body.response;
  const chosen = await chooseBranch(owned.caller.ownerId, owned.id, body.data.messageId);
  if (chosen === 'no_message') return errorResponse({ type: 'message_not_found', message: 'This conversation has no such message. Reload to see the conversation as it is.' });
  return chosen ? Response.json(chosen) : conversationNotFound();
}
