export const dynamic = 'force-dynamic';

/** Liveness probe for load balancers and the test harness. */
export function GET(): Response {
  return Response.json({ ok: true });
}
