import { continueRequestSchema, describeValidationError, MAX_CHAT_REQUEST_BYTES } from '@/lib/chat/request';
import { continueChat } from '@/lib/chat/stream-chat';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
// As the chat route: the continuation is generated like any answer.
export const maxDuration = 300;

/** Continues the conversation's last answer where it was cut off (Continue), in the same message. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId, client } = guarded.caller;
  const limited = await enforceRateLimits([
    { rule: RULES.requestsPerIp, key: client },
    { rule: RULES.messagesPerUser, key: ownerId },
  ]);
  if (limited) return limited;

  const body = await readJsonBody(request, MAX_CHAT_REQUEST_BYTES);
  if (!body.ok) return body.response;

  const parsed = continueRequestSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));

  return continueChat(guarded.caller, parsed.data, request.signal);
}
