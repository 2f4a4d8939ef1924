import { discardAttachment, readAttachment } from '@/lib/attachments';
import { attachmentHeaders } from '@/lib/attachments/headers';
import { idSchema } from '@/lib/chat/request';
import { errorResponse } from '@/lib/http/responses';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** An attachment's bytes, to its owner only: anyone else gets the same 404 as for no such file. */
export async function GET(request: Request, context: Context): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId } = guarded.caller;
  const id = idSchema.safeParse((await context.params).id);
  const found = id.success ? await readAttachment(ownerId, id.data) : undefined;
  if (!found) return errorResponse(404, 'not_found', 'No such attachment.');
  return new Response(found.bytes, { headers: attachmentHeaders(found.attachment) });
}

/** Discards a file attached but not sent (removed from the composer); a sent one goes only with its conversation. */
export async function DELETE(request: Request, context: Context): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId } = guarded.caller;
  const id = idSchema.safeParse((await context.params).id);
  const discarded = id.success && (await discardAttachment(ownerId, id.data));
  return discarded ? new Response(null, { status: 204 }) : errorResponse(404, 'not_found', 'No such unsent attachment.');
}
