import { z } from 'zod';
import { attachmentHeaders } from '@/lib/attachments/headers';
import { idSchema } from '@/lib/chat/request';
import { guardRequest } from '@/lib/security/guard';
import { readSharedFile, shareNotFound, SHARE_ROBOTS_HEADER } from '@/lib/shares';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ id: idSchema, fileId: idSchema });

/**
 * A file of a shared conversation, to anyone with the link (and past APP_PASSWORD, which keeps a
 * whole deployment private): only that share's own copies, with the same headers as every file.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string; fileId: string }> }): Promise<Response> {
  const guarded = await guardRequest(request);
  if (!guarded.ok) return guarded.response;
  const params = paramsSchema.safeParse(await context.params);
  const found = params.success ? await readSharedFile(params.data.id, params.data.fileId) : undefined;
  if (!found) return shareNotFound();
  const headers = attachmentHeaders(found.attachment);
  headers.set('x-robots-tag', SHARE_ROBOTS_HEADER);
  // Asked again on every view, so that a revoked link's files stop showing at once, even from a visitor's cache.
  headers.set('cache-control', 'private, no-cache');
  return new Response(found.bytes, { headers });
}
