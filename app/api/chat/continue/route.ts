import { acceptAnswerRequest } from '@/lib/chat/accept';
import { continueRequestSchema } from '@/lib/chat/request';
import { continueChat } from '@/lib/chat/stream-chat';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
// As the chat route: the continuation is generated like any answer.
export const maxDuration = 300;

/** Continues the conversation's last answer where it was cut off (Continue), in the same message. */
export async function POST(request: Request): Promise<Response> {
  const accepted = await acceptAnswerRequest(request, continueRequestSchema);
  if (!accepted.ok) return accepted.response;
  return continueChat(accepted.caller, accepted.data, request.signal);
}
