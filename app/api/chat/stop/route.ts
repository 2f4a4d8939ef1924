import { z } from 'zod';
import { stopLocalGeneration } from '@/lib/chat/active-generations';
import { describeValidationError, idSchema } from '@/lib/chat/request';
import { conversationKey, getStreamRegistry } from '@/lib/chat/stream-registry';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const stopRequestSchema = z.object({ id: idSchema });
const STOP_WAIT_MS = 5_000;

/**
 * Stop. A generation outlives the request that started it (so a reload can reattach), so
 * only this ends it early: here when it runs on this instance, through the stream registry
 * when it runs on another. It answers once the partial answer is saved.
 */
export async function POST(request: Request): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId } = guarded.caller;
  const body = await readJsonBody(request, 4 * 1024);
  if (!body.ok) return body.response;
  const parsed = stopRequestSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));

  const key = conversationKey(ownerId, parsed.data.id);
  if (await stopLocalGeneration(key)) return Response.json({ stopped: true });
  try {
    const registry = await getStreamRegistry();
    if (!(await registry.activeStream(key))) return Response.json({ stopped: false });
    await registry.requestStop(key);
    // The other instance saves the partial answer, then ends the stream.
    const deadline = Date.now() + STOP_WAIT_MS;
    while ((await registry.activeStream(key)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return Response.json({ stopped: true });
  } catch {
    return errorResponse(503, 'stream_unavailable', 'Rill cannot reach the instance writing this answer right now. Press Stop again in a moment.', {
      'retry-after': '2',
    });
  }
}
