import { listUsersWithUsage } from '@/lib/admin/users';
import { requireAdmin } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Every account, with what it spent this month, its daily budget and whether it is disabled. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireAdmin(request);
  if (!guarded.ok) return guarded.response;
  return Response.json({ users: await listUsersWithUsage() });
}
