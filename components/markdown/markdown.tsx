'use client';

/**
 * Safe, incremental Markdown rendering for streamed model output.
 *
 * - Text is split into top-level blocks by `createBlockSplitter` (re-lexes only the tail
 *   while streaming); each block renders through a `memo`'d component, so finished
 *   blocks are skipped on every streaming update.
 * - Tokens are turned into React elements by hand: no `dangerouslySetInnerHTML`, no
 *   `innerHTML`. Raw HTML in the model output is shown as literal text.
 * - Links only for `http:`, `https:` and `mailto:` (see `safeHref`); images are never
 *   loaded, they become a link to the image URL.
 * - TeX formulas (lib/markdown/math.ts) are typeset by KaTeX, loaded on first use (`MathFormula`).
 */
import { createElement, Fragment, memo, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import type { Token, Tokens } from 'marked';
import { createBlockSplitter, type MarkdownBlock } from '@/lib/markdown/blocks';
import { decodeEntities } from '@/lib/markdown/entities';
import type { MathToken } from '@/lib/markdown/math';
import { safeHref } from '@/lib/markdown/safe-href';
import { CodeBlock } from './code-block';
import { MathFormula } from './math-formula';

export interface MarkdownProps {
  /** The Markdown source (untrusted). */
  text: string;
  /** True while `text` is still growing; the last block is then treated as unfinished. */
  streaming?: boolean;
}

interface RenderContext {
  /** False inside the block that is still streaming (e.g. no syntax highlighting yet). */
  readonly complete: boolean;
  /** Inside an anchor: nested links/images render without an anchor of their own. */
  readonly inLink: boolean;
}

const COMPLETE: RenderContext = { complete: true, inLink: false };
const OPEN: RenderContext = { complete: false, inLink: false };
const COMPLETE_IN_LINK: RenderContext = { complete: true, inLink: true };
const OPEN_IN_LINK: RenderContext = { complete: false, inLink: true };

const LINK_REL = 'noopener noreferrer nofollow';

export function Markdown({ text, streaming = false }: MarkdownProps) {
  // One splitter per component instance: it caches the previous split to re-lex only the tail.
  const [split] = useState(createBlockSplitter);
  const blocks = useMemo(() => split(text), [split, text]);

  let openIndex = -1;
  if (streaming) {
    for (let i = blocks.length - 1; i >= 0; i--) {
      if (blocks[i]!.token.type !== 'space') {
        openIndex = i;
        break;
      }
    }
  }

  const children: ReactNode[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const type = block.token.type;
    if (type === 'space' || type === 'def') continue;
    children.push(<Block key={block.key} block={block} open={i === openIndex} />);
  }
  return <div className="markdown">{children}</div>;
}

interface BlockProps {
  block: MarkdownBlock;
  open: boolean;
}

/** Re-renders only when its block object changes (the splitter keeps finished blocks identical). */
const Block = memo(function Block({ block, open }: BlockProps) {
  return renderBlock(block.token, 0, open ? OPEN : COMPLETE);
});

// ---------------------------------------------------------------------------------------
// Block-level tokens
// ---------------------------------------------------------------------------------------

function renderBlocks(tokens: readonly Token[], ctx: RenderContext): ReactNode[] {
  const out: ReactNode[] = [];
  for (let i = 0; i < tokens.length; i++) out.push(renderBlock(tokens[i]!, i, ctx));
  return out;
}

function renderBlock(token: Token, key: number, ctx: RenderContext): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph': {
      const t = token as Tokens.Paragraph;
      return <p key={key}>{renderInline(t.tokens, ctx)}</p>;
    }
    case 'heading': {
      const t = token as Tokens.Heading;
      const depth = Math.min(6, Math.max(1, Math.trunc(t.depth) || 1));
      return createElement(`h${depth}`, { key }, renderInline(t.tokens, ctx));
    }
    case 'code': {
      const t = token as Tokens.Code;
      const code = t.text.endsWith('\n') ? t.text.slice(0, -1) : t.text;
      return <CodeBlock key={key} code={code} lang={t.lang} complete={ctx.complete} />;
    }
    case 'blockquote': {
      const t = token as Tokens.Blockquote;
      return <blockquote key={key}>{renderBlocks(t.tokens, ctx)}</blockquote>;
    }
    case 'list': {
      const t = token as Tokens.List;
      const items = t.items.map((item, i) => renderListItem(item, i, ctx));
      const isTaskList = t.items.some((item) => item.task);
      const className = isTaskList ? 'md-task-list' : undefined;
      if (t.ordered) {
        const start = typeof t.start === 'number' && Number.isFinite(t.start) ? t.start : 1;
        return (
          <ol key={key} start={start !== 1 ? start : undefined} className={className}>
            {items}
          </ol>
        );
      }
      return (
        <ul key={key} className={className}>
          {items}
        </ul>
      );
    }
    case 'list_item':
      return renderListItem(token as Tokens.ListItem, key, ctx);
    case 'checkbox':
      return renderCheckbox(token as Tokens.Checkbox, key);
    case 'table':
      return renderTable(token as Tokens.Table, key, ctx);
    case 'hr':
      return <hr key={key} />;
    case 'html': {
      // Raw HTML is never interpreted: show it as literal, escaped text.
      const t = token as Tokens.HTML;
      return (
        <p key={key} className="md-raw-html">
          {t.text.replace(/\n+$/, '')}
        </p>
      );
    }
    case 'text': {
      // Block-level text: the content of tight list items.
      const t = token as Tokens.Text;
      return t.tokens ? <Fragment key={key}>{renderInline(t.tokens, ctx)}</Fragment> : decodeEntities(t.text);
    }
    case 'mathBlock': {
      const t = token as MathToken;
      return (
        <div key={key}>
          <MathFormula tex={t.text} display source={t.raw} />
        </div>
      );
    }
    default:
      // Unknown (extension) token: show its source as text rather than drop it.
      return typeof token.raw === 'string' && token.raw.trim() !== '' ? (
        <p key={key} className="md-raw-html">
          {token.raw}
        </p>
      ) : null;
  }
}

function renderListItem(item: Tokens.ListItem, key: number, ctx: RenderContext): ReactNode {
  return (
    <li key={key} className={item.task ? 'md-task' : undefined}>
      {renderBlocks(item.tokens, ctx)}
    </li>
  );
}

function renderCheckbox(token: Tokens.Checkbox, key: number): ReactNode {
  return <input key={key} type="checkbox" className="md-checkbox" checked={token.checked} disabled readOnly />;
}

type Align = Tokens.TableCell['align'];

function alignStyle(align: Align): CSSProperties | undefined {
  return align === 'left' || align === 'center' || align === 'right' ? { textAlign: align } : undefined;
}

function renderTable(token: Tokens.Table, key: number, ctx: RenderContext): ReactNode {
  return (
    <div key={key} className="md-table-wrap overflow-x-auto" tabIndex={0}>
      <table>
        <thead>
          <tr>
            {token.header.map((cell, i) => (
              <th key={i} style={alignStyle(cell.align ?? token.align[i] ?? null)}>
                {renderInline(cell.tokens, ctx)}
              </th>
            ))}
          </tr>
        </thead>
        {token.rows.length > 0 ? (
          <tbody>
            {token.rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, i) => (
                  <td key={i} style={alignStyle(cell.align ?? token.align[i] ?? null)}>
                    {renderInline(cell.tokens, ctx)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ) : null}
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------
// Inline tokens
// ---------------------------------------------------------------------------------------

function renderInline(tokens: readonly Token[] | undefined, ctx: RenderContext): ReactNode[] {
  const out: ReactNode[] = [];
  if (!tokens) return out;
  for (let i = 0; i < tokens.length; i++) out.push(renderInlineToken(tokens[i]!, i, ctx));
  return out;
}

function renderInlineToken(token: Token, key: number, ctx: RenderContext): ReactNode {
  switch (token.type) {
    case 'text': {
      const t = token as Tokens.Text;
      if (t.tokens && t.tokens.length > 0) return <Fragment key={key}>{renderInline(t.tokens, ctx)}</Fragment>;
      return t.escaped ? t.text : decodeEntities(t.text);
    }
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'strong':
      return <strong key={key}>{renderInline((token as Tokens.Strong).tokens, ctx)}</strong>;
    case 'em':
      return <em key={key}>{renderInline((token as Tokens.Em).tokens, ctx)}</em>;
    case 'del':
      return <del key={key}>{renderInline((token as Tokens.Del).tokens, ctx)}</del>;
    case 'codespan':
      return <code key={key}>{(token as Tokens.Codespan).text}</code>;
    case 'br':
      return <br key={key} />;
    case 'html':
      // Inline raw HTML (`<img onerror=…>`, `<b>`): literal text, escaped by React.
      return (token as Tokens.Tag).text;
    case 'link':
      return renderLink(token as Tokens.Link, key, ctx);
    case 'image':
      return renderImage(token as Tokens.Image, key, ctx);
    case 'checkbox':
      return renderCheckbox(token as Tokens.Checkbox, key);
    case 'math': {
      const t = token as MathToken;
      return <MathFormula key={key} tex={t.text} display={t.display} source={t.raw} />;
    }
    default:
      return typeof token.raw === 'string' ? token.raw : null;
  }
}

function linkHref(href: string, autolink: boolean | undefined): string | null {
  // Autolink destinations are literal; others may contain character references.
  return safeHref(autolink ? href : decodeEntities(href));
}

function titleOf(title: string | null | undefined): string | undefined {
  return title ? decodeEntities(title) : undefined;
}

function renderLink(token: Tokens.Link, key: number, ctx: RenderContext): ReactNode {
  const href = ctx.inLink ? null : linkHref(token.href, token.autolink);
  if (href === null) {
    // Unsafe or nested: keep the text, drop the link.
    return <Fragment key={key}>{renderInline(token.tokens, ctx)}</Fragment>;
  }
  return (
    <a key={key} href={href} title={titleOf(token.title)} target="_blank" rel={LINK_REL}>
      {renderInline(token.tokens, ctx.complete ? COMPLETE_IN_LINK : OPEN_IN_LINK)}
    </a>
  );
}

function renderImage(token: Tokens.Image, key: number, ctx: RenderContext): ReactNode {
  // Never load remote images (tracking pixels, privacy): show a link to the image instead.
  const alt = plainText(token.tokens).trim() || decodeEntities(token.text).trim();
  const label = alt ? `Image: ${alt}` : 'Image';
  const href = ctx.inLink ? null : linkHref(token.href, false);
  if (href === null) {
    return (
      <span key={key} className="md-image">
        {label}
      </span>
    );
  }
  return (
    <a key={key} className="md-image" href={href} title={titleOf(token.title)} target="_blank" rel={LINK_REL}>
      {label}
    </a>
  );
}

/** Text content of inline tokens (used for image alt text). */
function plainText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const t = token as Tokens.Text;
        out += t.tokens && t.tokens.length > 0 ? plainText(t.tokens) : t.escaped ? t.text : decodeEntities(t.text);
        break;
      }
      case 'escape':
      case 'codespan':
      case 'html':
        out += (token as Tokens.Escape).text;
        break;
      case 'br':
        out += ' ';
        break;
      default: {
        const t = token as Tokens.Generic;
        if (Array.isArray(t.tokens)) out += plainText(t.tokens);
        else if (typeof t.text === 'string') out += t.text;
      }
    }
  }
  return out;
}
