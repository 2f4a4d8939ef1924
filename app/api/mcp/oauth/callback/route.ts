import { z } from 'zod';
import { finishAuthorization } from '@/lib/mcp';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwner } from '@/lib/security/guard';
import { publicOrigin } from '@/lib/security/hosts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Where a connector's authorization server sends the browser back (RFC 6749 §4.1.2): with a
// code, or with an error (the person declined).
const callbackSchema = z.union([
  z.object({ code: z.string().min(1).max(2_000), state: z.string().min(1).max(200) }),
  z.object({ error: z.string().max(200), error_description: z.string().max(500).optional() }),
]);

function backToSettings(request: Request, error?: string): Response {
  const target = new URL('/settings', publicOrigin(request));
  if (error) target.searchParams.set('connector_error', error);
  target.hash = 'connectors';
  return Response.redirect(target, 303);
}

/** Finishes a connector's authorization for the signed-in caller, then shows their connectors. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: guarded.caller.client }]);
  if (limited) return backToSettings(request, limited.message);
  const query = callbackSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return backToSettings(request, 'The authorization server sent back an answer Rill cannot read.');
  if ('error' in query.data) {
    return backToSettings(request, query.data.error === 'access_denied' ? 'The authorization was declined.' : `The authorization failed (${query.data.error}).`);
  }
  const finished = await finishAuthorization(guarded.caller.ownerId, query.data.state, query.data.code);
  return backToSettings(request, finished.ok ? undefined : finished.message);
}
