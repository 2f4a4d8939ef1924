import { z } from 'zod';
import { env } from '@/lib/env';
import { readJsonBody } from '@/lib/http/read-json-body';
import { errorResponse } from '@/lib/http/responses';
import { getAuthSecret } from '@/lib/identity/secret';
import { clientIp, enforceRateLimits, RULES } from '@/lib/rate-limit';
import { ACCESS_COOKIE, accessToken, passwordMatches } from '@/lib/security/access';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const loginSchema = z.object({ password: z.string().max(1_000) });
const ACCESS_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Checks the access password (APP_PASSWORD) and remembers a correct one in an HttpOnly cookie. */
export async function POST(request: Request): Promise<Response> {
  if (!env.APP_PASSWORD) return Response.json({ ok: true });
  const limited = await enforceRateLimits([{ rule: RULES.loginsPerIp, key: clientIp(request) }]);
  if (limited) return limited;
  const body = await readJsonBody(request, 2 * 1024);
  if (!body.ok) return body.response;
  const parsed = loginSchema.safeParse(body.value);
  if (!parsed.success) return errorResponse(400, 'invalid_request', 'password: expected a string');

  const secret = await getAuthSecret();
  if (!(await passwordMatches(parsed.data.password, env.APP_PASSWORD, secret))) {
    return errorResponse(401, 'wrong_password', 'That password is not right. Ask the person who runs this Rill for it.');
  }
  const response = Response.json({ ok: true });
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  response.headers.append(
    'set-cookie',
    `${ACCESS_COOKIE}=${await accessToken(env.APP_PASSWORD, secret)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ACCESS_MAX_AGE_SECONDS}${secure}`,
  );
  return response;
}
