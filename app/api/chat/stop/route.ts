import { z } from 'zod';
import { stopGeneration } from '@/lib/chat/active-generations';
import { describeValidationError, idSchema } from '@/lib/chat/request';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse, unauthorized } from '@/lib/http/responses';
import { getOwnerId } from '@/lib/identity/owner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const stopRequestSchema = z.object({ id: idSchema });

/**
 * Explicit Stop. Aborting the streaming fetch is not enough on every host (the request's
 * abort signal does not always fire on serverless Node runtimes), so the browser also calls
 * this. It answers once the partial answer is saved.
 */
export async function POST(request: Request): Promise<Response> {
  const ownerId = await getOwnerId();
  if (!ownerId) return unauthorized();
  const body = await readJsonBody(request, 4 * 1024);
  if (!body.ok) return body.response;
  const parsed = stopRequestSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));
  return Response.json({ stopped: await stopGeneration(ownerId, parsed.data.id) });
}
