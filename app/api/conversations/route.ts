import { z } from 'zod';
import { describeValidationError } from '@/lib/chat/request';
import { getDatabase } from '@/lib/db/client';
import { InvalidCursorError, listConversations } from '@/lib/db/queries';
import { errorResponse } from '@/lib/http/responses';
import { requireCaller } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.object({
  cursor: z.string().max(500).optional(),
  // Search text goes to the database: no NUL (Postgres refuses it) and no unpaired surrogates.
  q: z
    .string()
    .max(200)
    .refine((q) => !q.includes('\u0000') && q.isWellFormed(), 'q: not searchable text')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/** The owner's conversations, newest first, a page at a time, optionally filtered by a search. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireCaller(request);
  if (!guarded.ok) return guarded.response;
  const { ownerId } = guarded.caller;
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return errorResponse(400, 'invalid_request', describeValidationError(query.error));
  const { cursor, q, limit } = query.data;
  try {
    const page = await listConversations(await getDatabase(), ownerId, { limit, ...(cursor ? { cursor } : {}), ...(q?.trim() ? { search: q.trim() } : {}) });
    return Response.json(page);
  } catch (error) {
    if (error instanceof InvalidCursorError) return errorResponse(400, 'invalid_request', 'cursor: not a cursor this server issued');
    throw error;
  }
}
