import { z } from 'zod';
import { uploadAttachment } from '@/lib/attachments';
import { formatBytes, MAX_UPLOAD_BYTES } from '@/lib/attachments/rules';
import { idSchema } from '@/lib/chat/request';
import { errorResponse } from '@/lib/errors';
import { readBodyBytes, readQueryInput } from '@/lib/http/input';
import { MAX_FILENAME_CHARS } from '@/lib/limits';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwner } from '@/lib/security/guard';

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
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId, client } = guarded.caller;
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: client }]);
  if (limited) return errorResponse(limited);

  const query = readQueryInput(request, uploadQuerySchema);
  if (!query.ok) return query.response;

  const body = await readBodyBytes(request, MAX_UPLOAD_BYTES, {
    tooLarge: () => `The file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the most Rill takes.`,
    empty: 'The file is empty.',
  });
  if (!body.ok) return body.response;

  const uploaded = await uploadAttachment(ownerId, { conversationId: query.data.conversation, filename: query.data.name, bytes: body.data });
  if (!uploaded.ok) return errorResponse(uploaded.problem);
  return Response.json(uploaded.attachment, { status: 201 });
}
