import { errorResponse } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { MAX_PROMPT_REQUEST_BYTES } from '@/lib/limits';
import { mcpPromptFor, promptRequestSchema } from '@/lib/mcp';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwner } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One prompt of one of the caller's MCP servers, filled in with their arguments: the text for the composer. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: guarded.caller.client }]);
  if (limited) return errorResponse(limited);
  const body = await readJsonInput(request, promptRequestSchema, MAX_PROMPT_REQUEST_BYTES);
  if (!body.ok) return body.response;
  const prompt = await mcpPromptFor(guarded.caller.ownerId, body.data.serverKey, body.data.name, body.data.arguments);
  if (!prompt.ok) return errorResponse({ type: prompt.reason === 'not_found' ? 'not_found' : 'prompt_failed', message: prompt.error });
  return Response.json({ text: prompt.text });
}
