import { z } from 'zod';
import { chatRequestSchema } from '@/lib/chat/request';
import { countContext } from '@/lib/conversations/context-count';
import { conversationNotFound, errorResponse } from '@/lib/errors';
import { readQueryInput } from '@/lib/http/input';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.object({ model: chatRequestSchema.shape.model });

/** The conversation's context as the next answer would send it, counted by Anthropic (`?model=`: the model it would go to). */
export async function GET(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const query = readQueryInput(request, querySchema);
  if (!query.ok) return query.response;
  // Each count is an upstream call on the operator's key.
  const limited = await enforceRateLimits([{ rule: RULES.contextCountsPerUser, key: owned.caller.ownerId }]);
  if (limited) return errorResponse(limited);

  const counted = await countContext(owned.caller.ownerId, owned.id, query.data.model);
  if (!counted) return conversationNotFound();
  if (!counted.ok) return errorResponse(counted.problem);
  return Response.json({ inputTokens: counted.inputTokens }, { headers: { 'cache-control': 'no-store' } });
}
