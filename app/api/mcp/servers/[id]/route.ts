import { errorResponse } from '@/lib/errors';
import { removeUserServer } from '@/lib/mcp';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const connectorNotFound = () => errorResponse({ type: 'not_found', message: 'No such connector.' });

/** Removes one of the caller's connectors, with its tokens. */
export async function DELETE(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context, connectorNotFound);
  if (!owned.ok) return owned.response;
  return (await removeUserServer(owned.caller.ownerId, owned.id)) ? new Response(null, { status: 204 }) : connectorNotFound();
}
