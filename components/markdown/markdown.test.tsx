import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CodeBlock, hastToReact, loadLowlight } from './code-block';
import { Markdown } from './markdown';

function render(text: string, streaming = false): string {
  return renderToStaticMarkup(<Markdown text={text} streaming={streaming} />);
}

/** Opening tags of real elements in the output (escaped text never matches). */
function tags(html: string): string[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1]!.toLowerCase());
}

const ALLOWED_TAGS = new Set([
  'div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol',
  'li', 'input', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'br', 'a', 'span', 'button',
]);

describe('Markdown: untrusted HTML', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    'text <img src=x onerror="alert(1)"> inline',
    'inline <script>alert(document.cookie)</script> too',
    '<svg onload=alert(1)><circle/></svg>',
    '<a href="javascript:alert(1)">click</a>',
    '<style>body{display:none}</style>',
    '<!-- comment --><b onmouseover=alert(1)>bold</b>',
    '> <iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '- <img src=x onerror=alert(1)>',
    '| <script>x</script> | b |\n|---|---|\n| <img src=x onerror=alert(1)> | c |',
  ];

  it.each(attacks)('renders %j as escaped text only', (attack) => {
    const html = render(attack);
    for (const tag of tags(html)) expect(ALLOWED_TAGS.has(tag), `unexpected <${tag}> in ${html}`).toBe(true);
    expect(html).not.toMatch(/<(script|img|iframe|svg|style)\b/i);
    expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i); // no event-handler attributes on real tags
    expect(html).not.toContain('javascript:alert(1)"'); // never inside an attribute
  });

  it('shows the raw HTML as visible, escaped text', () => {
    expect(render('<script>alert(1)</script>')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(render('<img src=x onerror=alert(1)>')).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(render('<iframe src="https://evil.example"></iframe>')).toContain(
      '&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;',
    );
    expect(render('a <b>bold?</b> b')).toBe('<div class="markdown"><p>a &lt;b&gt;bold?&lt;/b&gt; b</p></div>');
  });

  it('never uses dangerouslySetInnerHTML or innerHTML', () => {
    for (const file of ['markdown.tsx', 'code-block.tsx']) {
      const source = readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), 'utf8');
      expect(source).not.toMatch(/dangerouslySetInnerHTML\s*=|\.innerHTML\b/);
    }
  });
});

describe('Markdown: links and images', () => {
  it.each([
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](  javascript:alert(1)  )',
    '[click](<java\tscript:alert(1)>)',
    '[click](&#106;avascript:alert(1))',
    '[click](javascript&colon;alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
    '[click](/relative/path)',
    '[click](//evil.example.com)',
    '[click][ref]\n\n[ref]: javascript:alert(1)',
    '<javascript:alert(1)>',
    '![click](javascript:alert(1))',
    '![click](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)',
  ])('%j produces no href and keeps the text', (input) => {
    const html = render(input);
    expect(html).not.toContain('href');
    expect(html).not.toContain('<a');
    expect(html).toMatch(/click|javascript:alert\(1\)/);
  });

  it('https links open in a new tab with rel="noopener noreferrer nofollow"', () => {
    const html = render('See [the docs](https://example.com/docs "Docs title").');
    expect(html).toContain(
      '<a href="https://example.com/docs" title="Docs title" target="_blank" rel="noopener noreferrer nofollow">the docs</a>',
    );
  });

  it('autolinks http(s), www and e-mail addresses', () => {
    const html = render('<https://a.example> www.b.example c@d.example');
    expect(html).toContain('<a href="https://a.example/" target="_blank" rel="noopener noreferrer nofollow">https://a.example</a>');
    expect(html).toContain('<a href="http://www.b.example/" target="_blank" rel="noopener noreferrer nofollow">www.b.example</a>');
    expect(html).toContain('<a href="mailto:c@d.example" target="_blank" rel="noopener noreferrer nofollow">c@d.example</a>');
  });

  it('decodes character references in link destinations before checking them', () => {
    expect(render('[q](https://example.com/?a=1&amp;b=2)')).toContain('href="https://example.com/?a=1&amp;b=2"');
  });

  it('resolves reference links', () => {
    expect(render('[docs][d]\n\n[d]: https://example.com')).toContain('<a href="https://example.com/"');
  });

  it('does not load images: renders a link to the image instead', () => {
    const html = render('![A *cat* photo](https://img.example/cat.png "Cat")');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '<a class="md-image" href="https://img.example/cat.png" title="Cat" target="_blank" rel="noopener noreferrer nofollow">Image: A cat photo</a>',
    );
    expect(render('![](https://img.example/x.png)')).toContain('>Image</a>');
  });

  it('does not nest anchors (image inside a link)', () => {
    const html = render('[![logo](https://img.example/l.png)](https://example.com)');
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('Image: logo');
  });
});

describe('Markdown: block and inline elements', () => {
  it('renders headings, emphasis, code spans, breaks, escapes and rules', () => {
    const html = render('# One\n###### Six\n\n**b** *i* ~~d~~ `c<d>` \\*not em\\*  \nnext\n\n---');
    expect(html).toContain('<h1>One</h1>');
    expect(html).toContain('<h6>Six</h6>');
    expect(html).toContain('<strong>b</strong> <em>i</em> <del>d</del> <code>c&lt;d&gt;</code> *not em*<br/>next');
    expect(html).toContain('<hr/>');
  });

  it('renders GFM tables with alignment in a horizontally scrollable wrapper', () => {
    const html = render('| Left | Center | Right |\n|:--|:-:|--:|\n| a | **b** | c |\n| 1 | 2 | 3 |');
    expect(html).toContain('<div class="md-table-wrap overflow-x-auto" tabindex="0"><table><thead><tr>');
    expect(html).toContain('<th style="text-align:left">Left</th>');
    expect(html).toContain('<th style="text-align:center">Center</th>');
    expect(html).toContain('<th style="text-align:right">Right</th>');
    expect(html).toContain('<td style="text-align:center"><strong>b</strong></td>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });

  it('renders task lists with disabled checkboxes', () => {
    const html = render('- [ ] todo\n- [x] done\n- plain');
    expect(html).toContain('<ul class="md-task-list">');
    const items = html.match(/<li[^>]*>.*?<\/li>/g) ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/^<li class="md-task"><input type="checkbox"[^>]*>todo<\/li>$/);
    expect(items[0]).not.toContain('checked');
    expect(items[1]).toMatch(/^<li class="md-task"><input type="checkbox"[^>]*>done<\/li>$/);
    expect(items[1]).toContain('checked=""');
    for (const item of items.slice(0, 2)) expect(item).toContain('disabled=""');
    expect(items[2]).toBe('<li>plain</li>');
    // Loose task lists put the checkbox inside the paragraph.
    expect(render('- [x] a\n\n- [ ] b')).toMatch(/<li class="md-task"><p><input type="checkbox"[^>]*checked=""[^>]*>a<\/p><\/li>/);
  });

  it('renders ordered lists with start, nested lists and loose items', () => {
    expect(render('3. three\n4. four')).toContain('<ol start="3"><li>three</li><li>four</li></ol>');
    expect(render('1. one\n2. two')).toContain('<ol><li>one</li>');
    expect(render('- a\n  - b\n- c')).toBe('<div class="markdown"><ul><li>a<ul><li>b</li></ul></li><li>c</li></ul></div>');
    expect(render('- a\n\n- b')).toContain('<ul><li><p>a</p></li><li><p>b</p></li></ul>');
  });

  it('renders blockquotes', () => {
    expect(render('> quoted **text**\n> more')).toBe(
      '<div class="markdown"><blockquote><p>quoted <strong>text</strong>\nmore</p></blockquote></div>',
    );
  });

  it('renders fenced code with a language label and copy button', () => {
    const html = render('```ts title="x.ts"\nconst a = 1 < 2;\n```');
    expect(html).toContain('<span class="md-code-lang">ts</span>');
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toContain('<pre class="md-pre overflow-x-auto" tabindex="0"><code data-language="ts">const a = 1 &lt; 2;</code></pre>');
  });

  it('labels fences without a language, and indented code, as "text"', () => {
    expect(render('```\nplain\n```')).toContain('<span class="md-code-lang">text</span>');
    expect(render('    indented\n    code')).toContain('<span class="md-code-lang">text</span>');
    expect(render('    indented\n    code')).toContain('<code>indented\ncode</code>');
  });

  it('does not turn a language name into arbitrary classes', () => {
    const html = render('```fixed inset-0 z-50\nx\n```');
    expect(html).not.toContain('class="fixed');
    expect(html).toContain('<span class="md-code-lang">fixed</span>');
  });

  it('renders an unclosed fence while streaming as a growing code block', () => {
    const html = render('Intro\n\n```python\ndef f():\n    return 1\n', true);
    expect(html).toContain('<code data-language="python">def f():\n    return 1</code>');
  });

  it('preserves leading spaces, CJK and emoji', () => {
    const code = render('```\n  two leading\n\tTab\n    four\n```');
    expect(code).toContain('<code>  two leading\n\tTab\n    four</code>');
    const text = render('中文段落，日本語のテキスト、한국어 😀 👍🏽 👨‍👩‍👧 and **粗体** text');
    expect(text).toContain('中文段落，日本語のテキスト、한국어 😀 👍🏽 👨‍👩‍👧 and <strong>粗体</strong> text');
    expect(render('`  spaced  `')).toContain('<code> spaced </code>');
    expect(render('**Hi**  there')).toContain('<strong>Hi</strong>  there');
  });

  it('decodes character references in text but not in code', () => {
    expect(render('AT&amp;T &copy; &#169; &lt;tag&gt; 5 &lt 6')).toContain('AT&amp;T © © &lt;tag&gt; 5 &amp;lt 6');
    expect(render('`&amp;`')).toContain('<code>&amp;amp;</code>');
  });

  it('renders empty and whitespace-only input as an empty container', () => {
    expect(render('')).toBe('<div class="markdown"></div>');
    expect(render('\n\n  \n')).toBe('<div class="markdown"></div>');
  });
});

describe('CodeBlock highlighting', () => {
  it('renders plain text before lowlight has loaded', () => {
    const html = renderToStaticMarkup(<CodeBlock code={'let x = "<b>";'} lang="js" complete />);
    expect(html).toContain('<code data-language="js">let x = &quot;&lt;b&gt;&quot;;</code>');
  });

  it('turns lowlight output into spans without innerHTML', async () => {
    const lowlight = await loadLowlight();
    expect(await loadLowlight()).toBe(lowlight); // cached module-level instance
    const root = lowlight.highlight('ts', 'const a = "<img src=x onerror=alert(1)>"; // c');
    const html = renderToStaticMarkup(<>{hastToReact(root.children)}</>);
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain('<span class="hljs-string">&quot;&lt;img src=x onerror=alert(1)&gt;&quot;</span>');
    expect(html).toContain('<span class="hljs-comment">// c</span>');
    expect(html).not.toContain('<img');
  });

  it('renders any hast element as a span and drops odd class names', () => {
    const html = renderToStaticMarkup(
      <>
        {hastToReact([
          {
            type: 'element',
            properties: { className: ['hljs-title', 'function_', 'x" onclick="y'] },
            children: [{ type: 'text', value: 'f' }],
          },
          { type: 'comment', value: 'ignored' },
        ])}
      </>,
    );
    expect(html).toBe('<span class="hljs-title function_">f</span>');
  });

  it('keeps lowlight out of the static import graph (it is loaded with import())', () => {
    const source = readFileSync(fileURLToPath(new URL('./code-block.tsx', import.meta.url)), 'utf8');
    expect(source).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+['"]lowlight['"]/m);
    expect(source).toContain("import('lowlight')");
  });
});
