import { defaultModel } from '@/lib/anthropic/client';
import { checkMessageAttachments } from '@/lib/attachments';
import { chatRequestSchema, describeValidationError, MAX_CHAT_REQUEST_BYTES } from '@/lib/chat/request';
import { streamChat } from '@/lib/chat/stream-chat';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
// On Vercel: how long the function may run. The answer itself stops a little before (RILL_ANSWER_TIME_LIMIT_S) and is saved as interrupted.
export const maxDuration = 300;

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

  const parsed = chatRequestSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));

  const { message, model } = parsed.data;
  const attached = await checkMessageAttachments(ownerId, parsed.data.id, message.parts, model ?? defaultModel);
  if (!attached.ok) return errorResponse(attached.status, attached.problem.type, attached.problem.message);

  return streamChat(guarded.caller, { ...parsed.data, message: { ...message, parts: attached.parts } }, request.signal);
}
