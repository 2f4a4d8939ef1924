import { z } from 'zod';
import { idSchema } from '@/lib/chat/request';
import { errorResponse } from '@/lib/errors';
import { readJsonInput } from '@/lib/http/input';
import { APPROVAL_DECISIONS, decideApproval } from '@/lib/mcp';
import { enforceRateLimits, RULES } from '@/lib/rate-limit';
import { requireOwnerOf } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type ApprovalContext = { params: Promise<{ id: string; approvalId: string }> };

const decisionSchema = z.object({ decision: z.enum(APPROVAL_DECISIONS) });

// The same answer for a conversation or an approval that is not the caller's, so nothing leaks.
const approvalNotFound = (): Response => errorResponse({ type: 'not_found', message: 'No such tool call is waiting for your answer in this conversation.' });

/** The person's answer to a tool call waiting in one of their conversations: Allow once, Always allow, or Deny. */
export async function POST(request: Request, context: ApprovalContext): Promise<Response> {
  const owned = await requireOwnerOf(request, context, approvalNotFound);
  if (!owned.ok) return owned.response;
  const approvalId = idSchema.safeParse((await context.params).approvalId);
  if (!approvalId.success) return approvalNotFound();
  const limited = await enforceRateLimits([{ rule: RULES.requestsPerIp, key: owned.caller.client }]);
  if (limited) return errorResponse(limited);
  const body = await readJsonInput(request, decisionSchema);
  if (!body.ok) return body.response;
  const decided = await decideApproval(owned.caller.ownerId, owned.id, approvalId.data, body.data.decision);
  if (decided === 'not_found') return approvalNotFound();
  if (decided === 'already_decided') return errorResponse({ type: 'already_decided', message: 'This tool call has already been answered.' });
  return Response.json({ ok: true });
}
