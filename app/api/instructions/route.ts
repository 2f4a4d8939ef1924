import { readJsonInput } from '@/lib/http/input';
import { instructionsInputSchema, ownerInstructions, saveInstructions } from '@/lib/instructions';
import { MAX_PROMPT_REQUEST_BYTES } from '@/lib/limits';
import { requireOwner } from '@/lib/security/guard';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The caller's custom instructions, read before every chat of theirs. */
export async function GET(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  return Response.json({ instructions: await ownerInstructions(guarded.caller.ownerId) });
}

export async function PUT(request: Request): Promise<Response> {
  const guarded = await requireOwner(request);
  if (!guarded.ok) return guarded.response;
  const body = await readJsonInput(request, instructionsInputSchema, MAX_PROMPT_REQUEST_BYTES);
  if (!body.ok) return body.response;
  await saveInstructions(guarded.caller.ownerId, body.data.instructions);
  return Response.json({ instructions: body.data.instructions });
}
