/** Set once the reader dismisses the demo-mode banner; the server reads it, so it never flashes back. */
export const DEMO_BANNER_COOKIE = 'rill-demo-banner';

const ONE_YEAR_S = 365 * 24 * 60 * 60;

export function demoBannerDismissedCookie(): string {
  return `${DEMO_BANNER_COOKIE}=dismissed; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`;
}

/** Reads the request's cookies (`await cookies()` on the server). */
export function isDemoBannerDismissed(cookies: { get(name: string): { value: string } | undefined }): boolean {
  return cookies.get(DEMO_BANNER_COOKIE)?.value === 'dismissed';
}
