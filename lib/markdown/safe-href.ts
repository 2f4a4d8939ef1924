/**
 * URL sanitising for links found in untrusted model output.
 *
 * Allow-list, not deny-list: only absolute `http:`, `https:` and `mailto:` URLs survive.
 * Everything else — `javascript:`, `data:`, `vbscript:`, `file:`, relative and
 * protocol-relative URLs, fragments — is rejected, so the caller renders the link text
 * without an anchor.
 *
 * Browsers strip tabs/newlines anywhere in a URL and leading/trailing control
 * characters before reading the scheme (`java\tscript:` is `javascript:`), so any
 * whitespace, control, zero-width or bidi-control character makes the URL unsafe here
 * rather than something we try to clean up.
 */

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

// C0 controls + space, DEL + C1 controls, NBSP, and the Unicode spaces / zero-width /
// bidi controls / line separators / BOM that can hide a scheme from a reader.
const UNSAFE_CHARS =
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb]/;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Maximum URL length we are willing to turn into a link. */
const MAX_URL_LENGTH = 8192;

/**
 * Returns a normalised, safe `href` for `url`, or `null` when the URL must not become a
 * link. The result is the WHATWG-serialised URL (lower-cased scheme and host,
 * punycoded IDNs, percent-encoded unsafe bytes).
 */
export function safeHref(url: string): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return null;
  if (UNSAFE_CHARS.test(url)) return null;

  const scheme = SCHEME.exec(url);
  if (!scheme) return null; // relative, protocol-relative (`//x`), fragment, or garbage
  if (!ALLOWED_PROTOCOLS.has(`${scheme[1]!.toLowerCase()}:`)) return null;

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // Belt and braces: what the URL parser thinks the protocol is must agree.
  if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return null;
  if (parsed.protocol !== 'mailto:' && parsed.hostname === '') return null;
  return parsed.href;
}
