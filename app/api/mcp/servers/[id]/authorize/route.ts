import { errorResponse } from '@/lib/errors';
import { startAuthorization } from '@/lib/mcp';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';
import { publicOrigin } from '@/lib/security/hosts';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Begins authorizing one of the caller's connectors: answers where to send the browser. */
export async function POST(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context, () => errorResponse({ type: 'not_found', message: 'No such connector.' }));
  if (!owned.ok) return owned.response;
  // Discovery and registration reach the connector's server.
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: owned.caller.client }]);
  if (limited) return errorResponse(limited);
  const started = await startAuthorization(owned.caller.ownerId, owned.id, publicOrigin(request));
  if (started.ok) return Response.json({ authorizationUrl: started.authorizationUrl });
  return started.problem === 'not_found'
    ? errorResponse({ type: 'not_found', message: 'No such connector.' })
    : errorResponse({ type: 'connector_unreachable', message: `Could not start the authorization: ${started.message}` });
}
