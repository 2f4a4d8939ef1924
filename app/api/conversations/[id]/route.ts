import { z } from 'zod';
import { describeValidationError, idSchema } from '@/lib/chat/request';
import { getDatabase } from '@/lib/db/client';
import { getConversation, renameConversation } from '@/lib/db/queries';
import { deleteConversationAndAttachments } from '@/lib/conversations/delete';
import { readJsonBody } from '@/lib/http/read-json-body';
import { withDeadAnswersSettled } from '@/lib/live-answers';
import { conversationNotFound, errorResponse } from '@/lib/http/responses';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

const renameSchema = z.object({ title: z.string().trim().min(1, 'the title is empty').max(200) });

async function scope(request: Request, context: Context): Promise<{ ownerId: string; id: string } | Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const id = idSchema.safeParse((await context.params).id);
  return id.success ? { ownerId: guarded.caller.ownerId, id: id.data } : conversationNotFound();
}

export async function GET(request: Request, context: Context): Promise<Response> {
  const scoped = await scope(request, context);
  if (scoped instanceof Response) return scoped;
  const conversation = await getConversation(await getDatabase(), scoped.ownerId, scoped.id);
  return conversation ? Response.json(await withDeadAnswersSettled(scoped.ownerId, conversation)) : conversationNotFound();
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  const scoped = await scope(request, context);
  if (scoped instanceof Response) return scoped;
  const body = await readJsonBody(request, 4 * 1024);
  if (!body.ok) return body.response;
  const parsed = renameSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));
  const renamed = await renameConversation(await getDatabase(), scoped.ownerId, scoped.id, parsed.data.title);
  return renamed ? Response.json({ id: scoped.id, title: parsed.data.title }) : conversationNotFound();
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  const scoped = await scope(request, context);
  if (scoped instanceof Response) return scoped;
  const deleted = await deleteConversationAndAttachments(scoped.ownerId, scoped.id);
  return deleted ? new Response(null, { status: 204 }) : conversationNotFound();
}
