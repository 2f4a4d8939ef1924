'use client';

/**
 * A fenced/indented code block: language label, Copy button, horizontally scrolling
 * `<pre>`, and syntax highlighting once the block is complete.
 *
 * `lowlight` (highlight.js grammars) is loaded with a dynamic `import()` the first time a
 * complete block with a language needs highlighting, so it is code-split out of the
 * initial bundle. Its hast output is turned into React elements by hand (spans with
 * highlight.js class names only) — no `innerHTML`.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { createLowlight } from 'lowlight';
import { whenIdle, type IdleHandle } from './when-idle';

type Lowlight = ReturnType<typeof createLowlight>;
type HastRoot = ReturnType<Lowlight['highlight']>;

/** The subset of hast we render. Structural, so lowlight's exact hast types fit. */
interface HastNode {
  type: string;
  value?: string;
  properties?: { className?: unknown };
  children?: readonly HastNode[];
}

export interface CodeBlockProps {
  code: string;
  /** The fence's info string (`ts`, `python title="x"`, …); only its first word is used. */
  lang?: string | undefined;
  /** False while the block may still grow (streaming): no highlighting yet. */
  complete: boolean;
}

/** Blocks larger than this stay plain: highlighting them could block the main thread too long. */
const MAX_HIGHLIGHT_CHARS = 20_000;
const MAX_CACHE_ENTRIES = 100;
const COPIED_MS = 1500;

let lowlightPromise: Promise<Lowlight> | undefined;
let lowlightInstance: Lowlight | undefined;

/** Loads lowlight with its `common` grammars once; the promise is shared by all blocks. */
export function loadLowlight(): Promise<Lowlight> {
  lowlightPromise ??= import('lowlight').then(
    ({ createLowlight, common }) => (lowlightInstance = createLowlight(common)),
    (error: unknown) => {
      lowlightPromise = undefined; // allow a retry (e.g. a chunk that failed to load)
      throw error;
    },
  );
  return lowlightPromise;
}

/** Highlight results by language + code, so remounts (e.g. switching chats) render at once. */
const highlightCache = new Map<string, HastRoot>();

function cacheKeyOf(language: string, code: string): string {
  return `${language}\u0000${code}`;
}

function highlightInto(lowlight: Lowlight, language: string, code: string, key: string): boolean {
  let root: HastRoot;
  try {
    if (!lowlight.registered(language)) return false;
    root = lowlight.highlight(language, code);
  } catch {
    return false;
  }
  if (highlightCache.size >= MAX_CACHE_ENTRIES) {
    const oldest = highlightCache.keys().next().value;
    if (oldest !== undefined) highlightCache.delete(oldest);
  }
  highlightCache.set(key, root);
  return true;
}

/** `"TypeScript title=x"` → label `"TypeScript"`, language `"typescript"`. */
function parseLang(lang: string | undefined): { label: string; language: string } {
  const first = lang?.trim().split(/\s+/, 1)[0]?.replace(/^\{?\.?/, '').replace(/\}$/, '') ?? '';
  const label = first.slice(0, 40);
  // Only plain identifier-ish names go to the highlighter.
  const language = /^[\w+#.-]{1,40}$/.test(label) ? label.toLowerCase() : '';
  return { label, language };
}

export function CodeBlock({ code, lang, complete }: CodeBlockProps) {
  const { label, language } = parseLang(lang);
  const wantHighlight = complete && language !== '' && code.length > 0 && code.length <= MAX_HIGHLIGHT_CHARS;
  const key = wantHighlight ? cacheKeyOf(language, code) : '';
  const [, setHighlighted] = useState('');

  // Highlight off the render path: after lowlight loads, in an idle callback.
  useEffect(() => {
    if (!key || highlightCache.has(key)) return;
    let cancelled = false;
    let idle: IdleHandle | undefined;
    loadLowlight().then(
      (lowlight) => {
        if (cancelled) return;
        idle = whenIdle(() => {
          if (!cancelled && (highlightCache.has(key) || highlightInto(lowlight, language, code, key))) {
            setHighlighted(key);
          }
        });
      },
      () => {
        /* stay plain text */
      },
    );
    return () => {
      cancelled = true;
      idle?.cancel();
    };
  }, [key, language, code]);

  const root = key ? highlightCache.get(key) : undefined;

  return (
    <div className="md-code">
      <div className="md-code-header">
        <span className="md-code-lang">{label || 'text'}</span>
        <CopyButton code={code} />
      </div>
      {/* Focusable, so a wide block can be scrolled from the keyboard. */}
      <pre className="md-pre overflow-x-auto" tabIndex={0}>
        <code data-language={language || undefined} className={root ? 'hljs' : undefined}>
          {root ? renderHast(root.children) : code}
        </code>
      </pre>
    </div>
  );
}

const CLASS_NAME = /^[A-Za-z_][\w-]*$/;

/** Renders lowlight's hast output as React elements (exported for tests). */
export function hastToReact(nodes: readonly HastNode[] | undefined): ReactNode[] {
  return renderHast(nodes);
}

function renderHast(nodes: readonly HastNode[] | undefined): ReactNode[] {
  const out: ReactNode[] = [];
  if (!nodes) return out;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.type === 'text') {
      out.push(node.value ?? '');
    } else if (node.type === 'element') {
      // lowlight only emits spans; render every element as a span with its scope classes
      // (`hljs-keyword`, `hljs-title function_`), which come from grammars, not from the code.
      const cls = node.properties?.className;
      const className = Array.isArray(cls)
        ? cls.filter((c): c is string => typeof c === 'string' && CLASS_NAME.test(c)).join(' ')
        : undefined;
      out.push(
        <span key={i} className={className || undefined}>
          {renderHast(node.children)}
        </span>,
      );
    }
  }
  return out;
}

function CopyButton({ code }: { code: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onClick = () => {
    const done = (next: 'copied' | 'failed') => {
      setState(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setState('idle'), COPIED_MS);
    };
    try {
      navigator.clipboard.writeText(code).then(
        () => done('copied'),
        () => done('failed'),
      );
    } catch {
      done('failed'); // no clipboard API (insecure context)
    }
  };

  return (
    <button type="button" className="md-copy" aria-label="Copy code" title="Copy code" onClick={onClick}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
