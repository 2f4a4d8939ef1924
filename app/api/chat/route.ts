import { defaultModel } from '@/lib/anthropic/client';
import { checkMessageAttachments } from '@/lib/attachments';
import { acceptAnswerRequest } from '@/lib/chat/accept';
import { chatRequestSchema } from '@/lib/chat/request';
import { streamChat } from '@/lib/chat/stream-chat';
import { errorResponse } from '@/lib/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
// On Vercel: how long the function may run. The answer itself stops a little before (RILL_ANSWER_TIME_LIMIT_S) and is saved as interrupted.
export const maxDuration = 300;

export async function POST(request: Request): Promise<Response> {
  const accepted = await acceptAnswerRequest(request, chatRequestSchema);
  if (!accepted.ok) return accepted.response;
  const { caller, data } = accepted;

  const { message, model } = data;
  const attached = await checkMessageAttachments(caller.ownerId, data.id, message.parts, model ?? defaultModel);
  if (!attached.ok) return errorResponse(attached.problem);

  return streamChat(caller, { ...data, message: { ...message, parts: attached.parts } }, request.signal);
}
