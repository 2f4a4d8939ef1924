import { errorResponse } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { MAX_CONNECTOR_REQUEST_BYTES } from '@/lib/limits';
import { addUserServer, connectorSettings, userServerInputSchema, userServerListing } from '@/lib/mcp';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwner } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The caller's connectors: the operator's and their own, each with its live state; whether they may add more; the tools they always allow. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  return Response.json(await connectorSettings(guarded.caller.ownerId));
}

/** Adds a connector of the caller's own, once its URL passes the private-address guard. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  // Checking a URL resolves its host name: paced like any request that reaches the network.
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: guarded.caller.client }]);
  if (limited) return errorResponse(limited);
  const body = await readJsonInput(request, userServerInputSchema, MAX_CONNECTOR_REQUEST_BYTES);
  if (!body.ok) return body.response;
  const added = await addUserServer(guarded.caller.ownerId, body.data);
  if (!added.ok) return errorResponse(added.problem);
  return Response.json({ server: userServerListing(added.server) }, { status: 201 });
}
