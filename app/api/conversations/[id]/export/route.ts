import { conversationToMarkdown, exportFileName, toExportedConversation } from '@/lib/conversations/export';
import { getDatabase } from '@/lib/db/client';
import { getConversationTree } from '@/lib/db/queries';
import { conversationNotFound } from '@/lib/errors';
import { requireOwnerOf, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Downloads a conversation as Markdown (`?format=markdown`, the default: the branch shown) or JSON (`?format=json`: every branch). */
export async function GET(request: Request, context: IdContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context);
  if (!owned.ok) return owned.response;
  const conversation = await getConversationTree(await getDatabase(), owned.caller.ownerId, owned.id);
  if (!conversation) return conversationNotFound();

  const exported = toExportedConversation(conversation);
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
