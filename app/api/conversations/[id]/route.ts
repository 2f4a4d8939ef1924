import { z } from 'zod';
import { deleteConversationAndAttachments } from '@/lib/conversations/delete';
import { getDatabase } from '@/lib/db/client';
import { getConversation, renameConversation } from '@/lib/db/queries';
import { conversationNotFound } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { MAX_TITLE_CHARS } from '@/lib/limits';
import { withDeadAnswersSettled } from '@/lib/live-answers';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const renameSchema = z.object({ title: z.string().trim().min(1, 'the title is empty').max(MAX_TITLE_CHARS) });

export async function GET(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const { ownerId } = owned.caller;
  const conversation = await getConversation(await getDatabase(), ownerId, owned.id);
  return conversation ? Response.json(await withDeadAnswersSettled(ownerId, conversation)) : conversationNotFound();
}

export async function PATCH(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const body = await readJsonInput(request, renameSchema);
  if (!body.ok) return body.response;
  const renamed = await renameConversation(await getDatabase(), owned.caller.ownerId, owned.id, body.data.title);
  return renamed ? Response.json({ id: owned.id, title: body.data.title }) : conversationNotFound();
}

export async function DELETE(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const deleted = await deleteConversationAndAttachments(owned.caller.ownerId, owned.id);
  return deleted ? new Response(null, { status: 204 }) : conversationNotFound();
}
