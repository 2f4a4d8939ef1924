import { z } from 'zod';
import { env } from '@/lib/env';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';
import { getAuthSecret } from '@/lib/identity/secret';
import { checkLoginAttempt, clearLoginFailures, recordLoginFailure } from '@/lib/rate-limit';
import { passwordMatches } from '@/lib/security/access';
import { ACCESS_COOKIE, setCookieHeader } from '@/lib/security/cookies';
import { guardRequest } from '@/lib/security/guard';
import { startAccessSession } from '@/lib/security/session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const loginSchema = z.object({ password: z.string().max(1_000) });

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
  if (throttled) return throttled;

  const body = await readJsonBody(request, 2 * 1024);
  if (!body.ok) return body.response;
  const parsed = loginSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', 'password: expected a string');

  if (!(await passwordMatches(parsed.data.password, env.APP_PASSWORD, await getAuthSecret()))) {
    const waitSeconds = await recordLoginFailure(guarded.client);
    const wait = waitSeconds > 0 ? ` Wait ${waitSeconds} s before trying again.` : '';
    return errorResponse(401, 'wrong_password', `That password is not right. Ask the person who runs this Rill for it.${wait}`, {
      retryAfterSeconds: waitSeconds,
    });
  }
  await clearLoginFailures(guarded.client);
  const session = await startAccessSession(env.APP_PASSWORD);
  const response = Response.json({ ok: true });
  response.headers.append('set-cookie', setCookieHeader(ACCESS_COOKIE, session.token, session.maxAgeSeconds));
  return response;
}
