import { errorResponse } from '@/lib/errors';
import { mcpPromptsFor } from '@/lib/mcp';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwner } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The prompts the caller's MCP servers offer, for the composer's `/` menu. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  // Listing connects to every server: paced like any request that reaches the network.
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: guarded.caller.client }]);
  if (limited) return errorResponse(limited);
  return Response.json({ prompts: await mcpPromptsFor(guarded.caller.ownerId) });
}
