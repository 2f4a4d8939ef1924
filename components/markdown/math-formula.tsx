'use client';

/**
 * A TeX formula of an answer, typeset by KaTeX.
 *
 * KaTeX (≈ 270 kB of script, plus its stylesheet and fonts) is loaded with a dynamic `import()`
 * (./katex-typeset.ts) the first time an answer contains a formula, so the chat page does not
 * pay for it otherwise. Until it has loaded, the formula's source shows as code-like text in
 * the same place.
 *
 * Output is `htmlAndMathml`: the HTML is what sighted readers see (hidden from assistive
 * technology by KaTeX), the MathML what screen readers read.
 */
import { useEffect, useState } from 'react';

type Typeset = typeof import('./katex-typeset').typeset;

export interface MathFormulaProps {
  /** The TeX between the delimiters (untrusted model output). */
  tex: string;
  /** Display style: a centred formula on its own line. */
  display: boolean;
  /** The formula as written, delimiters included: what shows until KaTeX has loaded. */
  source: string;
}

let typesetPromise: Promise<Typeset> | undefined;
let typesetNow: Typeset | undefined;

/** Loads KaTeX and its stylesheet once; the promise is shared by all formulas. */
export function loadKatex(): Promise<Typeset> {
  typesetPromise ??= import('./katex-typeset').then(
    ({ typeset }) => (typesetNow = typeset),
    (error: unknown) => {
      typesetPromise = undefined; // allow a retry (e.g. a chunk that failed to load)
      throw error;
    },
  );
  return typesetPromise;
}

export function MathFormula({ tex, display, source }: MathFormulaProps) {
  const [, setLoaded] = useState(false);
  const html = typesetNow?.(tex, display);
  const waiting = html === undefined;

  useEffect(() => {
    if (!waiting) return;
    // Not `if (typesetNow) return`: KaTeX may have arrived between this render and this effect
    // (a busy page can be many frames behind), and the source would then stay up for good.
    let cancelled = false;
    loadKatex().then(
      () => {
        if (!cancelled) setLoaded(true);
      },
      () => {
        /* the source stays as text */
      },
    );
    return () => {
      cancelled = true;
    };
  }, [waiting]);

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
  // math-formula.test.tsx checks hostile input.
  return (
    <span
      className={className}
      // A wide display formula scrolls sideways: focusable, so it can be scrolled from the keyboard.
      tabIndex={display ? 0 : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
