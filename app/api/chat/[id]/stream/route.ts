import { idSchema } from '@/lib/chat/request';
import { resumeChat } from '@/lib/chat/stream-chat';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
// On Vercel: a reader follows the answer for as long as it runs (see app/api/chat/route.ts).
export const maxDuration = 300;

/** Reattaches a browser to its conversation's running answer (useChat's resume), on any instance. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId } = guarded.caller;
  const id = idSchema.safeParse((await context.params).id);
  if (!id.success) return new Response(null, { status: 204 });
  return resumeChat(ownerId, id.data);
}
