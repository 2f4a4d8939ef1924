import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';
import { typeset } from './katex-typeset';
import { loadKatex, MathFormula } from './math-formula';

/** Opening tags of real elements in the output (escaped text never matches). */
function tags(html: string): string[] {
  return [...html.matchAll(/<([a-z][a-z0-9-]*)\b/gi)].map((m) => m[1]!.toLowerCase());
}

describe('typeset: untrusted TeX', () => {
  it.each([
    '\\href{javascript:alert(1)}{x}',
    '\\url{javascript:alert(1)}',
    '\\href{https://evil.example}{click}',
    '\\htmlClass{x" onclick="alert(1)}{y}',
    '\\htmlId{x}{y}',
    '\\htmlStyle{background:url(https://evil.example)}{y}',
    '\\htmlData{foo=bar}{y}',
    '\\includegraphics{https://evil.example/pixel.png}',
    '<img src=x onerror=alert(1)>',
    '\\text{<img src=x onerror=alert(1)>}',
    '\\text{<script>alert(1)</script>}',
  ])('%j produces no link, image or script and no event handler', (tex) => {
    for (const display of [false, true]) {
      const html = typeset(tex, display)!;
      expect(html).toContain('katex');
      expect(tags(html)).not.toContain('a');
      expect(html).not.toMatch(/<(a|img|script|iframe|svg)\b/i);
      expect(html).not.toMatch(/\shref=/i);
      expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);
      // The source stays as text (MathML's annotation, or the error), never in an attribute.
      expect(html).not.toMatch(/="[^"]*javascript:/i);
    }
  });

  it("shows refused commands as their name in the theme's error colour", () => {
    const html = typeset('\\href{javascript:alert(1)}{x}', false)!;
    expect(html).toContain('style="color:var(--color-danger);">\\href</span>');
  });

  it('shows invalid TeX as its source in KaTeX error styling, escaped', () => {
    const html = typeset('\\frac{1}{<b>', false)!;
    expect(html).toContain('class="katex-error"');
    expect(html).toContain('\\frac{1}{&lt;b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('typesets with MathML for screen readers and aria-hidden HTML for the eye', () => {
    const html = typeset('e^{i\\pi} + 1 = 0', false)!;
    expect(html).toContain('<math');
    expect(html).toContain('class="katex-html" aria-hidden="true"');
    expect(typeset('\\int_0^1 x\\,dx', true)).toContain('katex-display');
  });

  it('bounds macro expansion and sizes instead of hanging or covering the page', () => {
    const loop = typeset('\\def\\a{\\a\\a}\\a', false)!;
    expect(loop).toContain('katex-error');
    const huge = typeset('\\rule{100000em}{100000em}', false)!;
    expect(huge).not.toMatch(/style="[^"]*100000em/);
    expect(huge).toContain('border-top-width:20em');
  });
});

describe('MathFormula', () => {
  it('shows the source as code until KaTeX has loaded', () => {
    const html = renderToStaticMarkup(<Markdown text={'Euler: $e^{i\\pi} + 1 = 0$, and <b>x</b>.'} />);
    expect(html).toBe(
      '<div class="markdown"><p>Euler: <span class="md-math"><code class="md-math-source">$e^{i\\pi} + 1 = 0$</code></span>, and &lt;b&gt;x&lt;/b&gt;.</p></div>',
    );
  });

  it('keeps prices as text', () => {
    expect(renderToStaticMarkup(<Markdown text="It costs $5 and $10." />)).toBe('<div class="markdown"><p>It costs $5 and $10.</p></div>');
  });

  it('typesets once KaTeX has loaded; display formulas are focusable to scroll', async () => {
    await loadKatex();
    const inline = renderToStaticMarkup(<MathFormula tex="x^2" display={false} source="$x^2$" />);
    expect(inline).toMatch(/^<span class="md-math"><span class="katex">/);
    const display = renderToStaticMarkup(<Markdown text={'$$\n\\int_0^1 x\\,dx\n$$'} />);
    expect(display).toMatch(/^<div class="markdown"><div><span class="md-math md-math-display" tabindex="0"><span class="katex-display">/);
  });

  it('keeps KaTeX out of the static import graph (it is loaded with import())', () => {
    for (const file of ['markdown.tsx', 'math-formula.tsx']) {
      const source = readFileSync(fileURLToPath(new URL(`./${file}`, import.meta.url)), 'utf8');
      expect(source).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+['"](katex|\.\/katex-typeset)['"]/m);
    }
    const formula = readFileSync(fileURLToPath(new URL('./math-formula.tsx', import.meta.url)), 'utf8');
    expect(formula).toContain("import('./katex-typeset')");
  });
});
