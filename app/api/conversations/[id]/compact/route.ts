import { z } from 'zod';
import { describeUpstreamError } from '@/lib/anthropic/errors';
import { describeValidationError, idSchema } from '@/lib/chat/request';
import { continueWithSummary, trimOldestTurns } from '@/lib/conversations/compact';
import { readJsonBody } from '@/lib/http/read-json-body';
import { conversationNotFound, errorResponse } from '@/lib/http/responses';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const compactSchema = z.object({ mode: z.enum(['summary', 'trim']) });

/** Makes room in a conversation that nears the context window: a summarised fresh chat, or fewer old turns. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId, client } = guarded.caller;
  const id = idSchema.safeParse((await context.params).id);
  if (!id.success) return conversationNotFound();
  const body = await readJsonBody(request, 1024);
  if (!body.ok) return body.response;
  const parsed = compactSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));

  if (parsed.data.mode === 'trim') {
    return (await trimOldestTurns(ownerId, id.data)) ? Response.json({ id: id.data }) : conversationNotFound();
  }
  // A summary is a call to Claude: it counts like a message.
  const limited = await enforceRateLimits([
    { rule: RULES.requestsPerIp, key: client },
    { rule: RULES.messagesPerUser, key: ownerId },
  ]);
  if (limited) return limited;
  try {
    const next = await continueWithSummary(ownerId, id.data);
    return next ? Response.json({ id: next }) : conversationNotFound();
  } catch (error) {
    const described = describeUpstreamError(error);
    return errorResponse(described.status, described.type, `Could not summarise the conversation. ${described.message}`);
  }
}
