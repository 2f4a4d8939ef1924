/**
 * KaTeX with the options for untrusted TeX, and its stylesheet. This module is only ever loaded
 * with `import()` (math-formula.tsx), the first time an answer has a formula: KaTeX, its CSS
 * and its fonts stay out of the chat page's first load.
 */
import katex, { type KatexOptions } from 'katex';
import 'katex/dist/katex.min.css';

/**
 * Untrusted input: no `\href`, `\url`, `\includegraphics` or `\htmlClass` (trust), no warnings
 * on the console for non-standard TeX (strict), and bounds on what one formula can cost:
 * `maxSize` caps sizes in em (no page-covering boxes), `maxExpand` caps macro expansions
 * (no `\def` loops freezing the tab).
 */
const KATEX_OPTIONS: KatexOptions = {
  output: 'htmlAndMathml',
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  // KaTeX writes it into inline styles; the theme's colour is readable in light and dark.
  errorColor: 'var(--color-danger)',
  maxSize: 20,
  maxExpand: 500,
};

const MAX_CACHE_ENTRIES = 200;

/** Typeset formulas by style and source: a streaming answer re-renders its last block often. */
const cache = new Map<string, string | null>();

/**
 * Typesets `tex` to HTML, or returns null when KaTeX fails in a way `throwOnError: false` does
 * not cover. Invalid TeX is not such a failure: KaTeX returns its source in a `katex-error`
 * span, escaped, with the parse error as its title.
 */
export function typeset(tex: string, display: boolean): string | null {
  const key = `${display ? 'D' : 'T'}\u0000${tex}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let html: string | null;
  try {
    html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display });
  } catch {
    html = null;
  }
  if (cache.size >= MAX_CACHE_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, html);
  return html;
}
