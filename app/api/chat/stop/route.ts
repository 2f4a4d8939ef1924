import { z } from 'zod';
import { describeValidationError, idSchema } from '@/lib/chat/request';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';
import { stopLiveAnswer } from '@/lib/live-answers';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const stopRequestSchema = z.object({ id: idSchema });

/**
 * Stop. An answer outlives the request that started it (so a reload can reattach), so only
 * this ends it early, on whichever instance runs it. It answers once the partial answer is saved.
 */
export async function POST(request: Request): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const body = await readJsonBody(request, 4 * 1024);
  if (!body.ok) return body.response;
  const parsed = stopRequestSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));

  try {
    return Response.json({ stopped: await stopLiveAnswer(guarded.caller.ownerId, parsed.data.id) });
  } catch {
    return errorResponse(503, 'stream_unavailable', 'Rill cannot reach the instance writing this answer right now. Press Stop again in a moment.', {
      retryAfterSeconds: 2,
    });
  }
}
