import { z } from 'zod';
import { getDatabase } from '@/lib/db/client';
import { InvalidCursorError, listConversations } from '@/lib/db/queries';
import { errorResponse } from '@/lib/errors';
import { readQueryInput } from '@/lib/http/input';
import { DEFAULT_PAGE_SIZE, MAX_CURSOR_CHARS, MAX_PAGE_SIZE, MAX_SEARCH_CHARS } from '@/lib/limits';
import { requireOwner } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const querySchema = z.object({
  cursor: z.string().max(MAX_CURSOR_CHARS).optional(),
  // Search text goes to the database: no NUL (Postgres refuses it) and no unpaired surrogates.
  q: z
    .string()
    .max(MAX_SEARCH_CHARS)
    .refine((q) => !q.includes('\u0000') && q.isWellFormed(), 'q: not searchable text')
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

/** The owner's conversations, newest first, a page at a time, optionally filtered by a search. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  const query = readQueryInput(request, querySchema);
  if (!query.ok) return query.response;
  const { cursor, q, limit } = query.data;
  try {
    const page = await listConversations(await getDatabase(), guarded.caller.ownerId, { limit, ...(cursor ? { cursor } : {}), ...(q?.trim() ? { search: q.trim() } : {}) });
    return Response.json(page);
  } catch (error) {
    if (error instanceof InvalidCursorError) return errorResponse({ type: 'invalid_request', message: 'cursor: not a cursor this server issued' });
    throw error;
  }
}
