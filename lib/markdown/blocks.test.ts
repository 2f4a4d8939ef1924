import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { createBlockSplitter, splitBlocks, WARM_UP_SAMPLE, type MarkdownBlock } from './blocks';

function fullLex(text: string): Token[] {
  // Spread: a TokensList carries a `links` property that a plain array does not.
  return [...new Lexer({ gfm: true }).lex(text.replace(/\r\n?/g, '\n'))];
}

function raws(blocks: readonly MarkdownBlock[]): string[] {
  return blocks.map((b) => b.raw);
}

/** Deterministic PRNG so failures are reproducible. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const DOCS: Record<string, string> = {
  mixed: [
    '# Streaming answer',
    '',
    'Here is **bold**, *em*, ~~del~~, `code`, a [link](https://example.com) and <https://auto.link>.',
    'Second line of the same paragraph.  ',
    'Hard break above.',
    '',
    '- one',
    '- two',
    '  continued',
    '  - nested',
    '- [ ] task',
    '- [x] done',
    '',
    '3. three',
    '4. four',
    '',
    '> quote',
    'lazy continuation',
    '',
    '| Left | Center | Right |',
    '|:-----|:------:|------:|',
    '| a    | b      | c     |',
    '| 1    | 2      | 3     |',
    '',
    '```ts',
    'const x: number = 1;',
    '',
    'function f() { return x; }',
    '```',
    '',
    '    indented code',
    '    more code',
    '',
    'Setext heading',
    '--------------',
    '',
    '***',
    '',
    '<div onclick="x()">raw html</div>',
    '',
    'Final paragraph with 中文 and emoji 😀👍🏽.',
  ].join('\n'),
  tricky: [
    'foo',
    '| a | b |',
    '|-x',
    '1. a',
    '',
    '1. b',
    '- a  ',
    '--',
    '> a',
    '- b',
    '<!-- open comment',
    '',
    'still comment -->',
    'para',
    '    not code',
    '~~~',
    'unclosed tilde fence',
  ].join('\n'),
  lists: '- a\n\n- b\n\n  para in b\n\n      code in b\n\n1. x\n2. y\n\n10. ten\n11. eleven\n\n* star\n+ plus\n',
  crlf: 'line one\r\nline two\r\n\r\n- item\r\n- item\r\n\r\n```\r\ncode\r\n```\r\n',
};

describe('createBlockSplitter', () => {
  for (const [name, doc] of Object.entries(DOCS)) {
    it(`streaming "${name}" char by char matches lexing the whole text at every step`, () => {
      const split = createBlockSplitter();
      for (let i = 1; i <= doc.length; i++) {
        const prefix = doc.slice(0, i);
        const blocks = split(prefix);
        const expected = fullLex(prefix);
        expect(raws(blocks)).toEqual(expected.map((t) => t.raw));
        expect(blocks.map((b) => b.token)).toEqual(expected);
      }
    });

    it(`streaming "${name}" in random chunks matches lexing the whole text`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const random = rng(seed);
        const split = createBlockSplitter();
        let pos = 0;
        while (pos < doc.length) {
          pos = Math.min(doc.length, pos + 1 + Math.floor(random() * 25));
          const prefix = doc.slice(0, pos);
          expect(split(prefix).map((b) => b.token)).toEqual(fullLex(prefix));
        }
      }
    });
  }

  it('random documents built from tricky pieces stream identically to a full lex', () => {
    const pieces = [
      'para *em* **strong**\n', '\n', '\n\n', '# H\n', 'Setext\n===\n', 'x\n---\n', '- item\n', '  cont\n',
      '    code\n', '1. one\n', '2) two\n', '1', '- [ ] t\n', '> q\n', 'lazy\n', '```js\nlet a;\n', '```\n',
      '| a | b |\n', '|---|:-:|\n', '| 1 | 2 |\n', '<div>\n', '</div>\n', '<!--\n', '-->\n', '***\n', '-\n',
      'line  \n', 'ü 中文 😀\n', '`', '**', '~~x~~ ', '<b>i</b> ', '&amp; ', ' - ', '    ', '\t- tab\n',
    ];
    const random = rng(42);
    for (let doc = 0; doc < 150; doc++) {
      let text = '';
      const n = 3 + Math.floor(random() * 12);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(random() * pieces.length)];
      const split = createBlockSplitter();
      let pos = 0;
      while (pos < text.length) {
        pos = Math.min(text.length, pos + (random() < 0.5 ? 1 : 1 + Math.floor(random() * 10)));
        const prefix = text.slice(0, pos);
        const got = JSON.stringify(split(prefix).map((b) => b.token));
        const want = JSON.stringify(fullLex(prefix));
        if (got !== want) expect({ prefix, got }).toEqual({ prefix, got: want });
      }
    }
  });

  it('keeps earlier block objects identical while streaming', () => {
    const doc = DOCS.mixed!;
    const split = createBlockSplitter();
    let prev: readonly MarkdownBlock[] = [];
    for (let i = 1; i <= doc.length; i++) {
      const blocks = split(doc.slice(0, i));
      // Every previous block except the last few (the ones that could still change)
      // must be the very same object.
      let lastNonSpace = prev.length - 1;
      while (lastNonSpace > 0 && prev[lastNonSpace]!.token.type === 'space') lastNonSpace--;
      for (let b = 0; b < lastNonSpace - 1; b++) {
        if (prev[b]!.raw === blocks[b]?.raw) expect(blocks[b]).toBe(prev[b]);
      }
      prev = blocks;
    }
    // And concretely: after the document grows, the heading object is unchanged.
    const a = split(doc);
    const b = split(`${doc}\n\nMore text`);
    expect(b[0]).toBe(a[0]);
    expect(b.slice(0, a.length - 1).every((block, i) => block === a[i])).toBe(true);
  });

  it('returns the same array for the same text', () => {
    const split = createBlockSplitter();
    const a = split('hello\n\nworld');
    expect(split('hello\n\nworld')).toBe(a);
  });

  it('keys are index-based, unique and stable for finished blocks', () => {
    const split = createBlockSplitter();
    const first = split('# Title\n\nFirst paragraph.\n\nSec');
    const second = split('# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n- a\n- b');
    expect(first.map((b) => b.key)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(second.slice(0, 4).map((b) => b.key)).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect(new Set(second.map((b) => b.key)).size).toBe(second.length);
    expect(second[2]).toBe(first[2]);
  });

  it('treats an unclosed ``` fence as one growing code block', () => {
    const split = createBlockSplitter();
    const intro = 'Intro.\n\n';
    const before = split(intro);
    let text = `${intro}\`\`\`python\n`;
    const lines = ['def f(x):', '    return x * 2', '', '# comment', 'print(f(2))'];
    let prevCode: MarkdownBlock | undefined;
    for (const line of lines) {
      text += `${line}\n`;
      const blocks = split(text);
      expect(blocks[0]).toBe(before[0]);
      const code = blocks.filter((b) => b.token.type === 'code');
      expect(code).toHaveLength(1);
      expect(blocks.at(-1)!.token.type).toBe('code');
      expect(code[0]!.token).toMatchObject({ type: 'code', lang: 'python' });
      if (prevCode) expect((code[0]!.token as { text: string }).text.length).toBeGreaterThan((prevCode.token as { text: string }).text.length);
      prevCode = code[0];
    }
    const closed = split(`${text}\`\`\`\n\nAfter.`);
    expect(closed.map((b) => b.token.type)).toEqual(['paragraph', 'space', 'code', 'space', 'paragraph']);
    expect((closed[2]!.token as { text: string }).text).toBe(lines.join('\n'));
  });

  it('handles lists, task lists and tables', () => {
    const blocks = splitBlocks('- [ ] a\n- [x] b\n\n3. c\n4. d\n\n| h1 | h2 |\n|:--|--:|\n| x | y |\n');
    const types = blocks.filter((b) => b.token.type !== 'space').map((b) => b.token);
    expect(types[0]).toMatchObject({ type: 'list', ordered: false });
    expect((types[0] as { items: { task: boolean; checked?: boolean }[] }).items.map((i) => [i.task, i.checked])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(types[1]).toMatchObject({ type: 'list', ordered: true, start: 3 });
    expect(types[2]).toMatchObject({ type: 'table', align: ['left', 'right'] });
  });

  it('lexes in full when reference definitions appear, resolving earlier references', () => {
    const split = createBlockSplitter();
    const a = split('See [the docs][docs].\n\nMore text.\n\n');
    const para = a[0]!.token as { tokens: Token[] };
    expect(para.tokens.some((t) => t.type === 'link')).toBe(false);
    const b = split('See [the docs][docs].\n\nMore text.\n\n[docs]: https://example.com/docs');
    const link = (b[0]!.token as { tokens: Token[] }).tokens.find((t) => t.type === 'link');
    expect(link).toMatchObject({ href: 'https://example.com/docs' });
    expect(b.map((x) => x.token)).toEqual(fullLex('See [the docs][docs].\n\nMore text.\n\n[docs]: https://example.com/docs'));
    // Further streaming still matches, and unchanged blocks keep their identity.
    const c = split('See [the docs][docs].\n\nMore text.\n\n[docs]: https://example.com/docs\n\nTail');
    expect(c[0]).toBe(b[0]);
    expect(c.map((x) => x.token)).toEqual(fullLex('See [the docs][docs].\n\nMore text.\n\n[docs]: https://example.com/docs\n\nTail'));
    // Changing the definition re-creates only the block that uses it.
    const d = split('See [the docs][docs].\n\nMore text.\n\n[docs]: https://example.com/docs\n\nTail\n\n[docs]: https://other.example');
    expect(d[0]).toBe(c[0]); // first definition wins, nothing changed
    // Text replaced (not extended) with a different label: the reference no longer resolves,
    // so the first paragraph is new, while the unaffected paragraph keeps its identity.
    const e = split('See [the docs][docs].\n\nMore text.\n\n[docz]: https://example.com/docs');
    expect(e[0]).not.toBe(d[0]);
    expect((e[0]!.token as { tokens: Token[] }).tokens.some((t) => t.type === 'link')).toBe(false);
    expect(e[2]).toBe(d[2]);
  });

  it('keeps blocks that do not use a reference definition while the definition streams in', () => {
    const split = createBlockSplitter();
    const body = '# Title\n\nPlain paragraph.\n\nUses [ref].\n\n';
    const def = '[ref]: https://example.com/some/long/path';
    let prev = split(body);
    for (let i = 1; i <= def.length; i++) {
      const blocks = split(body + def.slice(0, i));
      expect(blocks[0]).toBe(prev[0]);
      expect(blocks[2]).toBe(prev[2]);
      expect(blocks.map((b) => b.token)).toEqual(fullLex(body + def.slice(0, i)));
      prev = blocks;
    }
    const link = (prev[4]!.token as { tokens: Token[] }).tokens.find((t) => t.type === 'link');
    expect(link).toMatchObject({ href: 'https://example.com/some/long/path' });
  });

  it('lexes everything when the text is replaced rather than extended', () => {
    const split = createBlockSplitter();
    split('# One\n\nalpha');
    const replaced = split('Completely different\n\n- list');
    expect(raws(replaced)).toEqual(fullLex('Completely different\n\n- list').map((t) => t.raw));
    expect(split('')).toEqual([]);
  });

  it('normalises CRLF like marked and tiles the source', () => {
    const blocks = splitBlocks(DOCS.crlf!);
    expect(blocks.map((b) => b.raw).join('')).toBe(DOCS.crlf!.replace(/\r\n/g, '\n'));
  });

  it('re-lexes only the tail: work per update is independent of document length', () => {
    const para = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8);
    const doc = Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? `## Section ${i}` : para)).join('\n\n');
    const split = createBlockSplitter();
    split(doc);
    const before = split(doc);
    const after = split(`${doc} more words`);
    // All blocks but the (changed) last one are reused.
    expect(after.slice(0, -1).every((b, i) => b === before[i])).toBe(true);
    expect(after.at(-1)).not.toBe(before.at(-1));
  });
});

describe('WARM_UP_SAMPLE', () => {
  it('takes the lexer through the block and inline constructs answers use', () => {
    const blocks = splitBlocks(WARM_UP_SAMPLE);
    const blockTypes = new Set(blocks.map((block) => block.token.type));
    for (const type of ['heading', 'paragraph', 'list', 'blockquote', 'code', 'table']) expect(blockTypes).toContain(type);
    const inlineTypes = new Set<string>();
    const collect = (tokens: readonly Token[] | undefined) => {
      for (const token of tokens ?? []) {
        inlineTypes.add(token.type);
        if ('tokens' in token) collect(token.tokens);
      }
    };
    collect(blocks.map((block) => block.token));
    for (const type of ['em', 'strong', 'codespan', 'del', 'link']) expect(inlineTypes).toContain(type);
  });
});
