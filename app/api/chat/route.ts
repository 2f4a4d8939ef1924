import { chatRequestSchema, describeValidationError, MAX_CHAT_REQUEST_BYTES } from '@/lib/chat/request';
import { streamChat } from '@/lib/chat/stream-chat';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request, MAX_CHAT_REQUEST_BYTES);
  if (!body.ok) return body.response;

  const parsed = chatRequestSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', describeValidationError(parsed.error));

  return streamChat(parsed.data, request.signal);
}
