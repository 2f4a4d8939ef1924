import 'server-only';
import type { z } from 'zod';
import { readJsonBody } from '../http/read-json-body';
import { errorResponse } from '../http/responses';
import { enforceRateLimits, RULES } from '../rate-limit';
import { requireCaller, type Caller } from '../security/guard';
import { describeValidationError, MAX_CHAT_REQUEST_BYTES } from './request';

/**
 * What every request for an answer (a turn, or Continue) goes through before anything is
 * saved: the caller's access and identity, the message rate limits, then the body, read within
 * its limit and validated. The caller and the request, or the response that refuses it.
 */
export async function acceptAnswerRequest<T>(
  request: Request,
  schema: z.ZodType<T>,
): Promise<{ ok: true; caller: Caller; data: T } | { ok: false; response: Response }> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded;
  const { ownerId, client } = guarded.caller;
  const limited = await enforceRateLimits([
    { rule: RULES.requestsPerIp, key: client },
    { rule: RULES.messagesPerUser, key: ownerId },
  ]);
  if (limited) return { ok: false, response: limited };

  const body = await readJsonBody(request, MAX_CHAT_REQUEST_BYTES);
  if (!body.ok) return body;

  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return { ok: false, response: errorResponse(400, 'invalid_request', describeValidationError(parsed.error)) };
  return { ok: true, caller: guarded.caller, data: parsed.data };
}
