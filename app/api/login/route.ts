import { z } from 'zod';
import { env } from '@/lib/env';
import { readJsonInput } from '@/lib/http/input';
import { MAX_PASSWORD_CHARS } from '@/lib/limits';
import { errorResponse } from '@/lib/errors';
import { getAuthSecret } from '@/lib/identity/secret';
import { checkLoginAttempt, clearLoginFailures, recordLoginFailure } from '@/lib/rate-limit';
import { passwordMatches } from '@/lib/security/access';
import { ACCESS_COOKIE, setCookieHeader } from '@/lib/security/cookies';
import { guardRequest } from '@/lib/security/guard';
import { startAccessSession } from '@/lib/security/session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const loginSchema = z.object({ password: z.string().max(MAX_PASSWORD_CHARS) });

/**
 * Checks the access password (APP_PASSWORD). A correct one starts an access session of its own,
 * in an HttpOnly cookie. Attempts are limited per client address and for the whole deployment,
 * and each wrong password past the first few makes that address wait twice as long as before.
 */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardRequest(request, { access: false });
  if (!guarded.ok) return guarded.response;
  if (!env.APP_PASSWORD) return Response.json({ ok: true });
  const throttled = await checkLoginAttempt(guarded.client);
  if (throttled) return errorResponse(throttled);

  const body = await readJsonInput(request, loginSchema);
  if (!body.ok) return body.response;

  if (!(await passwordMatches(body.data.password, env.APP_PASSWORD, await getAuthSecret()))) {
    const waitSeconds = await recordLoginFailure(guarded.client);
    const wait = waitSeconds > 0 ? ` Wait ${waitSeconds} s before trying again.` : '';
    return errorResponse({ type: 'wrong_password', message: `That password is not right. Ask the person who runs this Rill for it.${wait}`, retryAfterSeconds: waitSeconds });
  }
  await clearLoginFailures(guarded.client);
  const session = await startAccessSession(env.APP_PASSWORD);
  const response = Response.json({ ok: true });
  response.headers.append('set-cookie', setCookieHeader(ACCESS_COOKIE, session.token, session.maxAgeSeconds));
  return response;
}
