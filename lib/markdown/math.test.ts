import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { FORMULAS_ANSWER } from '@/lib/anthropic/demo/scenes';
import { createBlockSplitter, lexerOptions, splitBlocks } from './blocks';
import type { MathToken } from './math';

/** The math tokens of a document, as `[type, display, tex]`, depth first. */
function formulas(text: string): Array<[string, boolean, string]> {
  const out: Array<[string, boolean, string]> = [];
  const walk = (tokens: readonly Token[] | undefined) => {
    for (const token of tokens ?? []) {
      if (token.type === 'math' || token.type === 'mathBlock') {
        const t = token as MathToken;
        out.push([t.type, t.display, t.text]);
      }
      if ('tokens' in token) walk(token.tokens as Token[]);
      if (token.type === 'list') walk((token as { items: Token[] }).items);
    }
  };
  walk(splitBlocks(text).map((block) => block.token));
  return out;
}

function fullLex(text: string): Token[] {
  return [...new Lexer(lexerOptions()).lex(text)];
}

describe('math: inline', () => {
  it.each([
    ['Euler: $e^{i\\pi} + 1 = 0$.', 'e^{i\\pi} + 1 = 0'],
    ['area $\\pi r^2$', '\\pi r^2'],
    ['paren \\(a^2 + b^2\\) form', 'a^2 + b^2'],
    ['a *stressed* $x_1$ and $y_1$', 'x_1'],
    ['dollar inside: $\\$5 = x$', '\\$5 = x'],
  ])('%j is inline math', (text, tex) => {
    const found = formulas(text);
    expect(found[0]).toEqual(['math', false, tex]);
  });

  it('finds every formula in a paragraph and leaves the prose around them', () => {
    expect(formulas('where $x_i$ and $y_i$ are the **samples**')).toEqual([
      ['math', false, 'x_i'],
      ['math', false, 'y_i'],
    ]);
  });

  it('reads $$…$$ and \\[…\\] inside a sentence as display math', () => {
    expect(formulas('so $$\\sum_i x_i$$ holds')).toEqual([['math', true, '\\sum_i x_i']]);
    expect(formulas('so \\[\\int f\\] holds')).toEqual([['math', true, '\\int f']]);
  });
});

describe('math: not math', () => {
  it.each([
    'It costs $5 and $10 with tax.',
    'Between $5-$10.',
    'Pay US$5 or US$10.',
    'A $ sign alone, and $ another.',
    'Opening with a space: $ x$ is not a formula.',
    'Closing after a space: $x $ is not one either.',
    'Three friends split a $60 bill, plus $1 each; **$20 each**.',
    'Escaped: \\$x\\$ and \\$5.',
    'An empty pair: $$ $$.',
    'Code: `$x$` and `$$y$$`.',
    'Code wins: $a `b$` c$',
  ])('%j has no formula', (text) => {
    expect(formulas(text)).toEqual([]);
  });

  it('keeps escaped dollars as dollars', () => {
    const paragraph = splitBlocks('Escaped \\$x\\$ stays.')[0]!.token as { tokens: Token[] };
    expect(paragraph.tokens.map((t) => ('text' in t ? t.text : '')).join('')).toBe('Escaped $x$ stays.');
  });

  it('never reads math in fenced or indented code', () => {
    expect(formulas('```tex\n$$\n\\int_0^1 x\\,dx\n$$\n$y$\n```')).toEqual([]);
    expect(formulas('Code:\n\n    $$x$$\n    $y$\n')).toEqual([]);
    expect(splitBlocks('    $$x$$\n')[0]!.token.type).toBe('code');
  });

  it('shows a price range across a line break as text', () => {
    expect(formulas('from $5\nto $10')).toEqual([]);
  });
});

describe('math: display blocks', () => {
  it.each([
    ['$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$', '\\int_0^1 x^2\\,dx = \\frac{1}{3}'],
    ['$$\n\\int_0^1 x^2\\,dx\n$$\n', '\n\\int_0^1 x^2\\,dx\n'],
    ['\\[\nE = mc^2\n\\]', '\nE = mc^2\n'],
    ['   $$a$$   \n', 'a'],
  ])('%j is a block of its own', (text, tex) => {
    const blocks = splitBlocks(text);
    expect(blocks[0]!.token).toMatchObject({ type: 'mathBlock', display: true, text: tex });
  });

  it('interrupts a paragraph, and the paragraph after it is its own', () => {
    const types = splitBlocks('The integral\n$$\\int_0^1 x\\,dx$$\nequals one half.').map((b) => b.token.type);
    expect(types).toEqual(['paragraph', 'mathBlock', 'paragraph']);
  });

  it('is a formula inside a paragraph when text follows the closer on its line', () => {
    expect(splitBlocks('$$x$$ is x')[0]!.token.type).toBe('paragraph');
    expect(formulas('$$x$$ is x')).toEqual([['math', true, 'x']]);
  });

  it('works in lists and quotes', () => {
    expect(formulas('- $$a^2$$\n- $b$\n\n> $$c$$')).toEqual([
      ['mathBlock', true, 'a^2'],
      ['math', false, 'b'],
      ['mathBlock', true, 'c'],
    ]);
  });

  it('does not span a blank line', () => {
    expect(formulas('$$\na\n\nb\n$$')).toEqual([]);
  });
});

describe('math: streaming', () => {
  it('shows an unfinished formula as text, without throwing, until it closes', () => {
    for (const text of ['$$\\int_0^', '$$\n\\int_0^1', '$e^{i', '\\(x^', '\\[\n\\sum', 'Total: $5']) {
      expect(() => splitBlocks(text)).not.toThrow();
      expect(formulas(text)).toEqual([]);
    }
    expect(formulas('$$\\int_0^1$$')).toEqual([['mathBlock', true, '\\int_0^1']]);
  });

  it('streamed char by char, matches lexing the whole text at every step', () => {
    const doc = [
      'Euler wrote $e^{i\\pi} + 1 = 0$, and it costs $5 and $10.',
      'The integral',
      '$$',
      '\\int_0^1 x^2\\,dx = \\frac{1}{3}',
      '$$',
      'and \\(a^2 + b^2 = c^2\\) too.',
      '',
      '\\[ \\sum_{n=1}^\\infty \\frac{1}{n^2} = \\frac{\\pi^2}{6} \\]',
      '',
      '- item $x_1$',
      '- `$code$`',
      '',
      '$$\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1$$',
    ].join('\n');
    const split = createBlockSplitter();
    for (let i = 1; i <= doc.length; i++) {
      const prefix = doc.slice(0, i);
      expect(split(prefix).map((b) => b.token)).toEqual(fullLex(prefix));
    }
    expect(formulas(doc).map(([type, display]) => `${type}:${display}`)).toEqual([
      'math:false',
      'mathBlock:true',
      'math:false',
      'mathBlock:true',
      'math:false',
      'mathBlock:true',
    ]);
  });
});

describe("math: the demo model's answer", () => {
  it('has inline and display formulas, and leaves its prices and code as text', () => {
    expect(formulas(FORMULAS_ANSWER)).toEqual([
      ['math', false, 'e^{i\\pi} + 1 = 0'],
      ['math', false, 'a^2 + b^2 = c^2'],
      ['mathBlock', true, '\n\\int_{-\\infty}^{\\infty} e^{-x^2} \\, dx = \\sqrt{\\pi}\n'],
      ['mathBlock', true, ' x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a} '],
    ]);
  });
});
