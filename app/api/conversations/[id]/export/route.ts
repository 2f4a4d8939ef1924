import { idSchema } from '@/lib/chat/request';
import { conversationToMarkdown, exportFileName, type ExportedConversation } from '@/lib/conversations/export';
import { getDatabase } from '@/lib/db/client';
import { getConversation } from '@/lib/db/queries';
import { conversationNotFound } from '@/lib/http/responses';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Downloads a conversation as Markdown (`?format=markdown`, the default) or JSON (`?format=json`). */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId } = guarded.caller;
  const id = idSchema.safeParse((await context.params).id);
  if (!id.success) return conversationNotFound();
  const conversation = await getConversation(await getDatabase(), ownerId, id.data);
  if (!conversation) return conversationNotFound();

  const exported = conversation as unknown as ExportedConversation;
  const asJson = new URL(request.url).searchParams.get('format') === 'json';
  const body = asJson ? JSON.stringify(exported, null, 2) : conversationToMarkdown(exported);
  return new Response(body, {
    headers: {
      'content-type': asJson ? 'application/json; charset=utf-8' : 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(conversation.title, asJson ? 'json' : 'md')}"`,
      'cache-control': 'no-store',
    },
  });
}
