/**
 * Whether a state-changing request comes from Rill's own pages. Browsers send `Origin` (and
 * `Sec-Fetch-Site`) on every cross-site POST, so a forged form or fetch from another site is
 * refused; clients that are not browsers send neither and are left to the other limits.
 */
export function isSameOriginRequest(headers: Headers, allowedOrigins: readonly string[] = []): boolean {
  if (headers.get('sec-fetch-site') === 'cross-site') return false;
  const origin = headers.get('origin');
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  return originHost === host;
}
