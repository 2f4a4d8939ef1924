/**
 * TeX math in Markdown: `marked` extensions that turn `$…$`, `$$…$$`, `\(…\)` and `\[…\]` into
 * `math` (inline) and `mathBlock` (a paragraph of its own) tokens. Rendering is the
 * component's business (components/markdown/math-formula.tsx); this module only decides what
 * is math, so that prose stays prose:
 *
 * - Prices are not math. A `$` opens only when a non-space follows it, and closes only when a
 *   non-space precedes it and no digit follows it ("$5 and $10" stays text). The first `$`
 *   after an opener decides: if it cannot close, there is no formula.
 * - Code is never math: code spans and fences are lexed by `marked` before any `$` inside
 *   them is seen, and a candidate formula containing a backtick is left to the code span.
 * - `\$` is a literal dollar, outside formulas and inside them.
 * - An unclosed formula (an answer still streaming) is plain text until its closer arrives.
 * - Display math may not contain a blank line (TeX refuses one in math mode too). That keeps
 *   every formula inside one Markdown block, which blocks.ts relies on to re-lex only the tail.
 *
 * Pure module: no React, no DOM.
 */
import type { MarkedOptions, TokenizerExtensionFunction, TokenizerStartFunction, Tokens } from 'marked';

export interface MathToken extends Tokens.Generic {
  type: 'math' | 'mathBlock';
  raw: string;
  /** The TeX between the delimiters. */
  text: string;
  /** Display style (`$$…$$`, `\[…\]`); always true for `mathBlock`. */
  display: boolean;
}

/** Longer candidates are not scanned: bounds the work an unclosed `\(` can cause. */
const MAX_FORMULA_CHARS = 10_000;

const BLANK_LINE = /\n[ \t]*\n/;
const WHITESPACE = /\s/;
const DIGIT = /\d/;

/**
 * Index of the closer `close` in `src` at or after `from`, skipping backslash escapes
 * (so `\$` never closes); -1 when there is none within MAX_FORMULA_CHARS.
 */
function findCloser(src: string, from: number, close: string): number {
  const end = Math.min(src.length, from + MAX_FORMULA_CHARS);
  for (let i = from; i < end; i++) {
    if (src.startsWith(close, i)) return i;
    if (src[i] === '\\') i++;
  }
  return -1;
}

function isTex(text: string): boolean {
  return text.trim() !== '' && !text.includes('`') && !BLANK_LINE.test(text);
}

/** The formula at the very start of `src`, if one opens and closes there. */
export function matchInlineMath(src: string): MathToken | undefined {
  let open: string;
  let close: string;
  if (src.startsWith('$$')) [open, close] = ['$$', '$$'];
  else if (src.startsWith('$')) [open, close] = ['$', '$'];
  else if (src.startsWith('\\(')) [open, close] = ['\\(', '\\)'];
  else if (src.startsWith('\\[')) [open, close] = ['\\[', '\\]'];
  else return undefined;

  if (open === '$' && WHITESPACE.test(src.charAt(1))) return undefined;
  const at = findCloser(src, open.length, close);
  if (at < 0) return undefined;
  const text = src.slice(open.length, at);
  if (!isTex(text)) return undefined;
  if (open.startsWith('$')) {
    if (open === '$' && WHITESPACE.test(src.charAt(at - 1))) return undefined;
    if (DIGIT.test(src.charAt(at + close.length))) return undefined;
  }
  return { type: 'math', raw: src.slice(0, at + close.length), text, display: open !== '$' && open !== '\\(' };
}

/** A display formula that is a block of its own: it opens a line and its closer ends one. */
export function matchBlockMath(src: string): MathToken | undefined {
  const indent = /^ {0,3}/.exec(src)![0].length;
  const formula = matchInlineMath(src.slice(indent));
  if (!formula?.display) return undefined;
  const rest = /^[ \t]*(?:\n|$)/.exec(src.slice(indent + formula.raw.length));
  if (!rest) return undefined;
  return { ...formula, type: 'mathBlock', raw: src.slice(0, indent + formula.raw.length + rest[0].length) };
}

const inlineStart: TokenizerStartFunction = (src) => {
  const at = src.search(/\$|\\[([]/);
  return at < 0 ? undefined : at;
};

// A line that may open display math: a paragraph stops before it, so the formula can start there.
// Only the paragraph at hand is searched (to its first blank line), not the rest of the document.
const blockStart: TokenizerStartFunction = (src) => {
  const blank = src.search(BLANK_LINE);
  const at = (blank < 0 ? src : src.slice(0, blank)).search(/\n {0,3}(?:\$\$|\\\[)/);
  return at < 0 ? undefined : at + 1;
};

const inlineTokenizer: TokenizerExtensionFunction = (src) => matchInlineMath(src);
const blockTokenizer: TokenizerExtensionFunction = (src) => matchBlockMath(src);

/**
 * The math extensions in the form `marked`'s Lexer takes in its options (what `Marked#use`
 * would build; `Marked` itself is not imported, so its parser and renderer stay out of the bundle).
 */
export function mathExtensions(): NonNullable<MarkedOptions['extensions']> {
  return {
    renderers: {},
    childTokens: {},
    block: [blockTokenizer],
    inline: [inlineTokenizer],
    startBlock: [blockStart],
    startInline: [inlineStart],
  };
}
