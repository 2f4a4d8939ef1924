import { changeUser, userChangeSchema } from '@/lib/admin/users';
import { idSchema } from '@/lib/chat/request';
import { errorResponse } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { requireAdmin, type IdContext } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const noSuchUser = () => errorResponse({ type: 'not_found', message: 'No such user.' });

/** Disables or enables an account, or sets its daily budget: `{ disabled?, dailyBudgetUsd? }`. */
export async function PATCH(request: Request, context: IdContext): Promise<Response> {
  const guarded = await requireAdmin(request);
  if (!guarded.ok) return guarded.response;
  const id = idSchema.safeParse((await context.params).id);
  if (!id.success) return noSuchUser();
  const body = await readJsonInput(request, userChangeSchema);
  if (!body.ok) return body.response;
  const changed = await changeUser({ id: guarded.caller.account.id, headers: request.headers }, id.data, body.data);
  return changed.ok ? Response.json({ user: changed.user }) : errorResponse(changed.error);
}
