import { z } from 'zod';
import { deleteConversationAndAttachments } from '@/lib/conversations/delete';
import { getDatabase } from '@/lib/db/client';
import { getConversation, renameConversation } from '@/lib/db/queries';
import { conversationNotFound } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { chatPromptSchema, saveChatPrompt } from '@/lib/instructions';
import { MAX_PROMPT_REQUEST_BYTES, MAX_TITLE_CHARS } from '@/lib/limits';
import { withDeadAnswersSettled } from '@/lib/live-answers';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A rename, a new system prompt for the chat, or both. */
const changeSchema = z
  .object({ title: z.string().trim().min(1, 'the title is empty').max(MAX_TITLE_CHARS), system: chatPromptSchema })
  .partial()
  .refine((change) => change.title !== undefined || change.system !== undefined, 'nothing to change: send a title or a system prompt');

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
  const body = await readJsonInput(request, changeSchema, MAX_PROMPT_REQUEST_BYTES);
  if (!body.ok) return body.response;
  const { ownerId } = owned.caller;
  const { title, system } = body.data;
  const changed =
    (title === undefined || (await renameConversation(await getDatabase(), ownerId, owned.id, title))) &&
    (system === undefined || (await saveChatPrompt(ownerId, owned.id, system)));
  return changed ? Response.json({ id: owned.id, ...body.data }) : conversationNotFound();
}

export async function DELETE(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const deleted = await deleteConversationAndAttachments(owned.caller.ownerId, owned.id);
  return deleted ? new Response(null, { status: 204 }) : conversationNotFound();
}
