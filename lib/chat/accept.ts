import 'server-only';
import type { z } from 'zod';
import { readJsonInput } from '../http/input';
import { MAX_CHAT_REQUEST_BYTES } from '../limits';
import { errorResponse } from '../errors';
import { enforceMessageLimits } from '../rate-limit';
import { requireOwner, type Caller } from '../security/guard';

/**
 * What every request for an answer (a turn, or Continue) goes through before anything is
 * saved: the caller's access and identity, the message rate limits, then the body, read within
 * its limit and validated. The caller and the request, or the response that refuses it.
 */
export async function acceptAnswerRequest<T>(
  request: Request,
  schema: z.ZodType<T>,
): Promise<{ ok: true; caller: Caller; data: T } | { ok: false; response: Response }> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded;
  const limited = await enforceMessageLimits(guarded.caller);
  if (limited) return { ok: false, response: errorResponse(limited) };

  const body = await readJsonInput(request, schema, MAX_CHAT_REQUEST_BYTES);
  if (!body.ok) return body;
  return { ok: true, caller: guarded.caller, data: body.data };
}
