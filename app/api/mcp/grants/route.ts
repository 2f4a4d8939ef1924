import { z } from 'zod';
import { errorResponse } from '@/lib/errors';
import { readQueryInput } from '@/lib/http/input';
import { revokeGrant, type ServerKey } from '@/lib/mcp';
import { requireOwner } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const grantSchema = z.object({
  server: z.string().regex(/^(op|user):[A-Za-z0-9_-]{1,64}$/, 'not a connector').transform((key) => key as ServerKey),
  tool: z.string().min(1).max(128),
});

/** "Ask first" again: takes back the caller's "Always allow" for one tool. */
export async function DELETE(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  const query = readQueryInput(request, grantSchema);
  if (!query.ok) return query.response;
  const revoked = await revokeGrant(guarded.caller.ownerId, query.data.server, query.data.tool);
  return revoked ? new Response(null, { status: 204 }) : errorResponse({ type: 'not_found', message: 'That tool was not always allowed.' });
}
