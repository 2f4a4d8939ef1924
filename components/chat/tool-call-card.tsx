'use client';

import { getToolName } from 'ai';
import { useEffect, useId, useRef, useState } from 'react';
import type { RillToolPart } from '@/lib/protocol/message-metadata';
import { formatDuration } from '@/lib/usage/format';
import { ToolApproval } from './tool-approval';
import { toolLabel } from './tool-label';
import { JsonView } from './tool-output/json-view';
import { formattedToolOutput } from './tool-output/tool-output-view';

/** The arguments worth showing on the collapsed line: the first few short values. */
function keyArguments(input: unknown): string {
  if (input === null || typeof input !== 'object') return '';
  return Object.values(input as Record<string, unknown>)
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .slice(0, 2)
    .map((value) => String(value))
    .join(', ')
    .slice(0, 80);
}

/** Milliseconds since the call started running (again, once allowed), ticking while it runs. */
function useRunningTime(running: boolean): number | undefined {
  const startedAt = useRef<number | undefined>(undefined);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!running) return;
    startedAt.current = performance.now();
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [running]);
  return startedAt.current === undefined ? undefined : Math.max(0, now - startedAt.current);
}

function Spinner() {
  return (
    <span
      aria-hidden="true"
      className="inline-block size-3 animate-spin rounded-full border-2 border-muted border-t-transparent motion-reduce:animate-none"
    />
  );
}

/**
 * One tool call: a one-line summary that expands to its input and its result. A call that waits
 * for the person's approval opens by itself, so that they see what it would run with.
 */
export function ToolCallCard({ part }: { part: RillToolPart }) {
  const awaitingApproval = part.state === 'approval-requested';
  const [open, setOpen] = useState(awaitingApproval);
  const [showRaw, setShowRaw] = useState(false);
  const panelId = useId();
  const name = getToolName(part);
  const label = toolLabel(part);
  const running = part.state === 'input-available' || (part.state === 'approval-responded' && part.approval.approved);
  useEffect(() => {
    if (awaitingApproval) setOpen(true);
  }, [awaitingApproval]);
  const elapsed = useRunningTime(running);
  const durationMs = typeof part.toolMetadata?.durationMs === 'number' ? part.toolMetadata.durationMs : elapsed;

  let status: React.ReactNode;
  if (running) {
    status = (
      <span className="inline-flex items-center gap-1.5">
        <Spinner /> running{elapsed !== undefined ? ` ${formatDuration(elapsed)}` : ''}
      </span>
    );
  } else if (part.state === 'approval-requested') {
    status = <span className="text-accent">waiting for approval</span>;
  } else if (part.state === 'output-available') {
    status = <>done{durationMs !== undefined && <span data-timing> in {formatDuration(durationMs)}</span>}</>;
  } else if (part.state === 'output-error') {
    status = <span className="text-danger">error</span>;
  } else if (part.state === 'input-streaming') {
    status = 'receiving input…';
  } else {
    // Denied: answered no, or told so by the stream.
    status = 'denied';
  }
  const output = part.state === 'output-available' ? part.output : undefined;
  const specialView = part.state === 'output-available' ? formattedToolOutput(part) : null;

  return (
    <div data-tool-name={name} data-tool-server={label.server} data-tool-state={part.state} className="my-2 rounded-lg border border-border bg-surface text-sm">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full min-w-0 items-center gap-2 px-3 py-2 text-left"
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        {label.server && <span className="shrink-0">{label.server} ·</span>}
        <span className="shrink-0 font-mono">{label.tool}</span>
        <span className="min-w-0 truncate text-muted">{keyArguments(part.input)}</span>
        <span className="ml-auto shrink-0 text-muted">{status}</span>
      </button>
      <ToolApproval part={part} label={label} />
      {open && (
        <div id={panelId} className="space-y-3 border-t border-border px-3 py-2">
          <JsonView label="Input" value={part.input ?? {}} />
          {part.state === 'output-error' && <p className="text-danger">{part.errorText}</p>}
          {part.state === 'output-available' && (
            <div>
              <p className="mb-1 text-xs font-medium uppercase tracking-wide text-muted">Result</p>
              {specialView && !showRaw ? specialView : <JsonView label="Raw JSON" value={output} />}
              {specialView && (
                <button type="button" onClick={() => setShowRaw((value) => !value)} className="mt-2 text-xs text-accent underline">
                  {showRaw ? 'Show formatted result' : 'Show raw JSON'}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
