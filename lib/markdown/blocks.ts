/**
 * Incremental block splitting for streamed Markdown, built on `marked`'s lexer.
 *
 * Streaming model output grows by appending, so re-lexing the whole answer on every
 * update (every ~50 ms) would make the work per update proportional to the answer's
 * length. Instead we remember the previous result and, when the new text extends the
 * old one, re-lex only from the start of the last block that appended text can still
 * change. Blocks before that point are returned as the SAME objects, so a
 * `React.memo`'d block component skips them entirely.
 *
 * Pure module: no React, no DOM.
 */
import { Lexer, type Links, type MarkedOptions, type Token } from 'marked';
import { mathExtensions } from './math';

export interface MarkdownBlock {
  /** Stable React key: the block's index in the document. */
  readonly key: string;
  /** The exact source text of this block (blocks' raws concatenate to the normalised text). */
  readonly raw: string;
  /** The top-level `marked` token for this block (inline tokens already lexed). */
  readonly token: Token;
}

export type BlockSplitter = (text: string) => readonly MarkdownBlock[];

/** GFM with TeX math, no pedantic quirks. A fresh options object per lex: `marked` mutates it. */
export function lexerOptions(): MarkedOptions {
  return { gfm: true, breaks: false, pedantic: false, silent: true, extensions: mathExtensions() };
}

interface LexResult {
  tokens: Token[];
  links: Links;
}

function lex(src: string): LexResult {
  const list = new Lexer(lexerOptions()).lex(src);
  return { tokens: list, links: list.links };
}

/**
 * Block types that can absorb the lines that directly follow them (lazy continuation,
 * more list items or table rows, setext underlines, HTML blocks running to a blank
 * line, …). When such a block is immediately followed (no blank line) by the block we
 * re-lex from, we must re-lex it too.
 */
const CONTINUABLE = new Set(['paragraph', 'text', 'blockquote', 'list', 'table', 'html']);

const BLANK_LINE = /\n[ \t]*\n/;

function normalizeNewlines(text: string): string {
  // `marked` does the same in `Lexer.lex`; doing it first keeps our offsets aligned.
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Structural equality for JSON-like token trees. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (!Object.hasOwn(bo, k) || !deepEqual(ao[k], bo[k])) return false;
    count++;
  }
  for (const _ in bo) count--;
  return count === 0;
}

function hasLinks(links: Links): boolean {
  for (const _ in links) return true;
  return false;
}

/**
 * Creates a stateful splitter. Call it with the full (growing) text on every update;
 * it returns the document's blocks. The result for a given text does not depend on
 * earlier calls — the state is only a cache — so it is safe to call repeatedly with the
 * same text (returns the same array) or with unrelated texts (lexes from scratch).
 */
export function createBlockSplitter(): BlockSplitter {
  let prevText = '';
  let prevBlocks: readonly MarkdownBlock[] = [];
  /** Start offset (in the normalised text) of each block in `prevBlocks`. */
  let prevStarts: number[] = [];
  /**
   * True when the document contains link reference definitions (which affect links
   * anywhere in the document) or when the lexer's raws did not tile the source.
   * We then lex in full each time (still reusing unchanged block objects).
   */
  let fullOnly = false;

  function build(
    text: string,
    keep: number,
    keepEnd: number,
    tokens: Token[],
  ): { blocks: MarkdownBlock[]; starts: number[] } {
    const blocks = prevBlocks.slice(0, keep) as MarkdownBlock[];
    const starts = prevStarts.slice(0, keep);
    let offset = keepEnd;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const index = keep + i;
      const old = prevBlocks[index];
      // Reuse the previous object when nothing about the block changed. Same position and
      // source is necessary but not sufficient (marked can build the same raw through
      // different paths, and a new reference definition changes resolved links), so the
      // token trees are compared too — only when the raws already match, which is cheap.
      if (old && prevStarts[index] === offset && old.raw === token.raw && deepEqual(old.token, token)) {
        blocks.push(old);
      } else {
        blocks.push({ key: `b${index}`, raw: token.raw, token });
      }
      starts.push(offset);
      offset += token.raw.length;
    }
    if (offset !== text.length) fullOnly = true; // raws did not tile the text: stop trusting offsets
    return { blocks, starts };
  }

  function lexAll(text: string): readonly MarkdownBlock[] {
    const { tokens, links } = lex(text);
    const { blocks, starts } = build(text, 0, 0, tokens);
    fullOnly = fullOnly || hasLinks(links);
    commit(text, blocks, starts);
    return blocks;
  }

  function commit(text: string, blocks: readonly MarkdownBlock[], starts: number[]) {
    prevText = text;
    prevBlocks = blocks;
    prevStarts = starts;
  }

  return function split(input: string): readonly MarkdownBlock[] {
    const text = normalizeNewlines(input);
    if (text === prevText && (prevBlocks.length > 0 || text === '')) return prevBlocks;

    const extends_ = prevBlocks.length > 0 && text.startsWith(prevText);
    if (!extends_) {
      fullOnly = false;
      return lexAll(text);
    }
    if (fullOnly) return lexAll(text);

    // Find the first block that appended text could still change: the last non-space
    // block, extended backwards over directly adjacent blocks that can absorb lines,
    // and over a list separated only by blank lines (a list can continue after blank
    // lines: `1. a\n\n1` → `1. a\n\n1.` is one list).
    let restart = prevBlocks.length - 1;
    while (restart > 0 && prevBlocks[restart]!.token.type === 'space') restart--;
    while (restart > 0) {
      let j = restart - 1;
      let blankLine = false;
      for (; j >= 0 && prevBlocks[j]!.token.type === 'space'; j--) {
        // Not every space token is a blank line: a list's raw is trimmed, so trailing
        // spaces on its last line become a space token of their own.
        if (BLANK_LINE.test(prevBlocks[j]!.raw)) blankLine = true;
      }
      if (j < 0) break;
      const type = prevBlocks[j]!.token.type;
      if (blankLine ? type !== 'list' : !CONTINUABLE.has(type)) break;
      restart = j;
    }
    const start = prevStarts[restart] ?? 0;
    if (start === 0) return lexAll(text);

    const tail = lex(text.slice(start));
    if (hasLinks(tail.links)) {
      // A reference definition appeared: it can change links in earlier blocks.
      fullOnly = true;
      return lexAll(text);
    }
    const { blocks, starts } = build(text, restart, start, tail.tokens);
    if (fullOnly) return lexAll(text); // safety net tripped in build()
    commit(text, blocks, starts);
    return blocks;
  };
}

/** Lexes the whole text at once (reference behaviour for tests and one-off rendering). */
export function splitBlocks(text: string): readonly MarkdownBlock[] {
  return createBlockSplitter()(text);
}

/** A short answer with the constructs answers use most: what `warmUpLexer` lexes. */
export const WARM_UP_SAMPLE = [
  '# Heading',
  '',
  'A paragraph with *emphasis*, **strong**, `code`, ~~deleted~~ and a [link](https://example.com).',
  '',
  '- an item',
  '- [x] a task',
  '',
  '1. a numbered item',
  '',
  '> a quote',
  '',
  '```ts',
  'const answer = 42;',
  '```',
  '',
  '| a | b |',
  '| - | :-: |',
  '| 1 | 2 |',
  '',
].join('\n');

/**
 * Lexes `WARM_UP_SAMPLE` once. The first lex on a page pays for the JavaScript engine compiling
 * the lexer and its regular expressions (≈ 10 ms on the bench machine, measured in a trace of the
 * first token): done in idle time, that cost is off the first token's path.
 */
export function warmUpLexer(): void {
  splitBlocks(WARM_UP_SAMPLE);
}
