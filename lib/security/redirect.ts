const BASE = 'http://rill.invalid';

/**
 * Where to go after signing in: a path on this site, or `/`. Browsers read `/\host`, and
 * `/<tab>/host` with the tab dropped, as `//host`, another site: any backslash or control
 * character is refused outright, and what remains must resolve to this origin.
 */
export function safeNextPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return '/';
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
