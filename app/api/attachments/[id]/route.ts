import { discardAttachment, readAttachment } from '@/lib/attachments';
import { attachmentHeaders } from '@/lib/attachments/headers';
import { errorResponse } from '@/lib/errors';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const noSuchAttachment = () => errorResponse({ type: 'not_found', message: 'No such attachment.' });

/** An attachment's bytes, to its owner only: anyone else gets the same 404 as for no such file. */
export async function GET(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context, noSuchAttachment);
  if (!owned.ok) return owned.response;
  const found = await readAttachment(owned.caller.ownerId, owned.id);
  return found ? new Response(found.bytes, { headers: attachmentHeaders(found.attachment) }) : noSuchAttachment();
}

/** Discards a file attached but not sent (removed from the composer); a sent one goes only with its conversation. */
export async function DELETE(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context, noSuchAttachment);
  if (!owned.ok) return owned.response;
  return (await discardAttachment(owned.caller.ownerId, owned.id)) ? new Response(null, { status: 204 }) : noSuchAttachment();
}
