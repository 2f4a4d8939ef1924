import { z } from 'zod';
import { uploadAttachment } from '@/lib/attachments';
import { formatBytes, MAX_UPLOAD_BYTES } from '@/lib/attachments/rules';
import { describeValidationError, idSchema, MAX_FILENAME_CHARS } from '@/lib/chat/request';
import { readBodyBytes } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const uploadQuerySchema = z.object({
  /** The conversation the file is for; it may not be saved yet (the first message creates it). */
  conversation: idSchema,
  name: z.string().trim().min(1, 'the file has no name').max(MAX_FILENAME_CHARS),
});

/**
 * Uploads one file: the raw bytes as the body, the conversation and file name in the query.
 * Answers 201 with the attachment, which a chat message then refers to by its URL. The body
 * has its own limit, the largest file Rill takes, apart from the chat request's.
 */
export async function POST(request: Request): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId, client } = guarded.caller;
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: client }]);
  if (limited) return limited;

  const query = uploadQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return errorResponse(400, 'invalid_request', describeValidationError(query.error));

  const body = await readBodyBytes(request, MAX_UPLOAD_BYTES, {
    tooLarge: () => `The file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the most Rill takes.`,
    empty: 'The file is empty.',
  });
  if (!body.ok) return body.response;

  const uploaded = await uploadAttachment(ownerId, { conversationId: query.data.conversation, filename: query.data.name, bytes: body.bytes });
  if (!uploaded.ok) return errorResponse(uploaded.status, uploaded.problem.type, uploaded.problem.message);
  return Response.json(uploaded.attachment, { status: 201 });
}
