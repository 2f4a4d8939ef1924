'use client';

/**
 * A TeX formula of an answer, typeset by KaTeX.
 *
 * KaTeX (≈ 270 kB of script, plus its stylesheet and fonts) is loaded with a dynamic `import()`
 * the first time an answer contains a formula, so the chat page does not pay for it otherwise.
 * Until it has loaded, the formula's source shows as code-like text in the same place.
 *
 * Output is `htmlAndMathml`: the HTML is what sighted readers see (hidden from assistive
 * technology by KaTeX), the MathML what screen readers read.
 */
import { useEffect, useState } from 'react';
import type { KatexOptions } from 'katex';

type Katex = typeof import('katex').default;

export interface MathFormulaProps {
  /** The TeX between the delimiters (untrusted model output). */
  tex: string;
  /** Display style: a centred formula on its own line. */
  display: boolean;
  /** The formula as written, delimiters included: what shows until KaTeX has loaded. */
  source: string;
}

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

let katexPromise: Promise<Katex> | undefined;
let katexInstance: Katex | undefined;

/** Loads KaTeX and its stylesheet once; the promise is shared by all formulas. */
export function loadKatex(): Promise<Katex> {
  katexPromise ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(
    ([{ default: katex }]) => (katexInstance = katex),
    (error: unknown) => {
      katexPromise = undefined; // allow a retry (e.g. a chunk that failed to load)
      throw error;
    },
  );
  return katexPromise;
}

/**
 * Typesets `tex` to HTML, or returns null when KaTeX fails in a way `throwOnError: false` does
 * not cover. Invalid TeX is not such a failure: KaTeX returns its source in a `katex-error`
 * span, escaped, with the parse error as its title.
 */
export function texToHtml(katex: Katex, tex: string, display: boolean): string | null {
  try {
    return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display });
  } catch {
    return null;
  }
}

/** Typeset formulas by style and source: a streaming answer re-renders its last block often. */
const htmlCache = new Map<string, string | null>();

function typeset(katex: Katex, tex: string, display: boolean, key: string): string | null {
  const cached = htmlCache.get(key);
  if (cached !== undefined) return cached;
  const html = texToHtml(katex, tex, display);
  if (htmlCache.size >= MAX_CACHE_ENTRIES) {
    const oldest = htmlCache.keys().next().value;
    if (oldest !== undefined) htmlCache.delete(oldest);
  }
  htmlCache.set(key, html);
  return html;
}

export function MathFormula({ tex, display, source }: MathFormulaProps) {
  const key = `${display ? 'D' : 'T'}\u0000${tex}`;
  const [, setTypeset] = useState('');
  const html = katexInstance ? typeset(katexInstance, tex, display, key) : undefined;

  useEffect(() => {
    if (katexInstance) return;
    let cancelled = false;
    loadKatex().then(
      () => {
        if (!cancelled) setTypeset(key);
      },
      () => {
        /* the source stays as text */
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key]);

  const className = display ? 'md-math md-math-display' : 'md-math';
  if (html === undefined || html === null) {
    return (
      <span className={className}>
        <code className={html === null ? 'md-math-source katex-error' : 'md-math-source'}>{source.trim()}</code>
      </span>
    );
  }
  // The one place an answer becomes HTML. It is safe because KaTeX builds it, not the model:
  // KaTeX escapes every character of the TeX it puts into the markup, and without `trust` it
  // refuses the commands that would emit links, classes, ids, styles or images (\href, \url,
  // \htmlClass, \htmlId, \htmlStyle, \includegraphics), showing them as errors instead.
  // markdown.test.tsx checks hostile input.
  return (
    <span
      className={className}
      // A wide display formula scrolls sideways: focusable, so it can be scrolled from the keyboard.
      tabIndex={display ? 0 : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
