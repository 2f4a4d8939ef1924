import { getDatabase } from '@/lib/db/client';
import { errorResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

/** Readiness probe for load balancers and the test harness: ready once the database is open. */
export async function GET(): Promise<Response> {
  try {
    await getDatabase();
    return Response.json({ ok: true });
  } catch {
    return errorResponse(503, 'database_unavailable', 'The database is not reachable yet.');
  }
}
