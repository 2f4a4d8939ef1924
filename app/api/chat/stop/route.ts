import { z } from 'zod';
import { idSchema } from '@/lib/chat/request';
import { errorResponse } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { stopLiveAnswer } from '@/lib/live-answers';
import { requireOwner } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const stopRequestSchema = z.object({ id: idSchema });

/**
 * Stop. An answer outlives the request that started it (so a reload can reattach), so only
 * this ends it early, on whichever instance runs it. It answers once the partial answer is saved.
 */
export async function POST(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  const body = await readJsonInput(request, stopRequestSchema);
  if (!body.ok) return body.response;

  try {
    return Response.json({ stopped: await stopLiveAnswer(guarded.caller.ownerId, body.data.id) });
  } catch {
    return errorResponse({
      type: 'stream_unavailable',
      message: 'Rill cannot reach the instance writing this answer right now. Press Stop again in a moment.',
      retryAfterSeconds: 2,
    });
  }
}
