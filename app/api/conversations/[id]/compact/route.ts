import { z } from 'zod';
import { describeUpstreamError } from '@/lib/anthropic/errors';
import { continueWithSummary, trimOldestTurns } from '@/lib/conversations/compact';
import { conversationNotFound, errorResponse } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { enforceMessageLimits } from '@/lib/rate-limit';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const compactSchema = z.object({ mode: z.enum(['summary', 'trim']) });

/** Makes room in a conversation that nears the context window: a summarised fresh chat, or fewer old turns. */
export async function POST(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const { ownerId } = owned.caller;
  const body = await readJsonInput(request, compactSchema);
  if (!body.ok) return body.response;

  if (body.data.mode === 'trim') {
    return (await trimOldestTurns(ownerId, owned.id)) ? Response.json({ id: owned.id }) : conversationNotFound();
  }
  // A summary is a call to Claude: it counts like a message.
  const limited = await enforceMessageLimits(owned.caller);
  if (limited) return errorResponse(limited);
  try {
    const next = await continueWithSummary(ownerId, owned.id);
    return next ? Response.json({ id: next }) : conversationNotFound();
  } catch (error) {
    const described = describeUpstreamError(error);
    return errorResponse({ ...described, message: `Could not summarise the conversation. ${described.message}` });
  }
}
