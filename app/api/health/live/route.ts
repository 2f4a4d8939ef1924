export const dynamic = 'force-dynamic';

/** Liveness probe: the process answers. It touches nothing else, so a slow database never gets an instance restarted. */
export function GET(): Response {
  return Response.json({ ok: true });
}
