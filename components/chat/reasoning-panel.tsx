'use client';

import { useId, useState } from 'react';

/** Claude's extended thinking, collapsed to one line unless the reader opens it. */
export function ReasoningPanel({ text, streaming }: { text: string; streaming: boolean }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div data-part="reasoning" className="my-2 rounded-lg border border-border bg-surface text-sm">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center gap-2 px-3 py-2 text-left text-muted"
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        {streaming ? 'Thinking…' : 'Thought process'}
      </button>
      {open && (
        <div id={panelId} className="whitespace-pre-wrap border-t border-border px-3 py-2 text-muted">
          {text}
        </div>
      )}
    </div>
  );
}
