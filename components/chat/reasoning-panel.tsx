'use client';

import { useId, useState } from 'react';

/**
 * Claude's extended thinking: open while it streams, then collapsed to "Thought for N s"
 * unless the reader opens it again.
 */
export function ReasoningPanel({
  text,
  streaming,
  thinkingMs,
  redacted,
}: {
  text: string;
  streaming: boolean;
  thinkingMs: number | undefined;
  redacted: boolean;
}) {
  const [userOpen, setUserOpen] = useState<boolean | null>(null);
  const open = userOpen ?? streaming;
  const panelId = useId();
  const label = streaming
    ? 'Thinking…'
    : thinkingMs !== undefined
      ? `Thought for ${Math.max(1, Math.round(thinkingMs / 1000))} s`
      : 'Thought process';

  return (
    <div data-part="reasoning" data-state={streaming ? 'streaming' : 'done'} className="my-2 rounded-lg border border-border bg-surface text-sm">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setUserOpen(!open)}
        className="flex w-full items-center gap-2 px-3 py-2 text-left text-muted"
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        {label}
      </button>
      {open && (
        <div id={panelId} className="max-h-80 overflow-y-auto whitespace-pre-wrap border-t border-border px-3 py-2 text-muted">
          {redacted && !text ? "Part of Claude's thinking was redacted for safety. It is kept, encrypted, for the conversation." : text}
        </div>
      )}
    </div>
  );
}
