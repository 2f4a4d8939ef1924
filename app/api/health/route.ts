import { readiness } from '@/lib/health';
import { errorResponse } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** Readiness probe, for load balancers and the test harness: 503 while this instance should get no requests. */
export async function GET(): Promise<Response> {
  const state = await readiness();
  return state.ready ? Response.json({ ok: true }) : errorResponse(state);
}
