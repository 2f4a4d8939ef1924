'use client';

import { getToolName, type DynamicToolUIPart, type ToolUIPart } from 'ai';
import { useId, useState } from 'react';

const STATE_LABELS: Record<string, string> = {
  'input-streaming': 'preparing',
  'input-available': 'running',
  'output-available': 'done',
  'output-error': 'error',
};

function formatJson(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** One tool call: a one-line summary that expands to its input and its result. */
export function ToolCallCard({ part }: { part: ToolUIPart | DynamicToolUIPart }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const name = getToolName(part);
  const label = STATE_LABELS[part.state] ?? part.state;

  return (
    <div data-tool-name={name} data-tool-state={part.state} className="my-2 rounded-lg border border-border bg-surface text-sm">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center gap-2 px-3 py-2 text-left"
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        <span className="font-mono">{name}</span>
        <span className="ml-auto text-muted">{label}</span>
      </button>
      {open && (
        <div id={panelId} className="space-y-2 border-t border-border px-3 py-2">
          <pre className="overflow-x-auto whitespace-pre-wrap font-mono text-xs">{formatJson(part.input)}</pre>
          {part.state === 'output-available' && (
            <pre className="overflow-x-auto whitespace-pre-wrap font-mono text-xs">{formatJson(part.output)}</pre>
          )}
          {part.state === 'output-error' && <p className="text-danger">{part.errorText}</p>}
        </div>
      )}
    </div>
  );
}
