import { idSchema } from '@/lib/chat/request';
import { resumeChat } from '@/lib/chat/stream-chat';
import { unauthorized } from '@/lib/http/responses';
import { getOwnerId } from '@/lib/identity/owner';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Reattaches a browser to its conversation's running answer (useChat's resume), on any instance. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const ownerId = await getOwnerId();
  if (!ownerId) return unauthorized();
  const id = idSchema.safeParse((await context.params).id);
  if (!id.success) return new Response(null, { status: 204 });
  return resumeChat(ownerId, id.data);
}
