/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce
 * (and what they load, through 'strict-dynamic'): no inline or eval'd script in production.
 */
export function contentSecurityPolicy(nonce: string, { development, https }: { development: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes only (table alignment in rendered Markdown); stylesheets come from 'self'.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function newNonce(): string {
  return btoa(crypto.randomUUID());
}
