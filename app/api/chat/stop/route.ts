import { z } from 'zod';
import { stopGeneration } from '@/lib/chat/active-generations';
import { describeValidationError } from '@/lib/chat/request';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const stopRequestSchema = z.object({ id: z.string().min(1).max(200) });

/**
 * Explicit Stop. Aborting the streaming fetch is not enough on every host (the request's
 * abort signal does not always fire on serverless Node runtimes), so the browser also calls this.
 */
export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request, 4 * 1024);
  if (!body.ok) return body.response;
  const parsed = stopRequestSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));
  return Response.json({ stopped: stopGeneration(parsed.data.id) });
}
