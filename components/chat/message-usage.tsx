'use client';

import { useId, useState, type ReactNode } from 'react';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { estimateCostUsd, tokensPerSecond, totalTokens } from '@/lib/usage';
import { formatDuration, formatTokens, formatUsd } from '@/lib/usage/format';
import { liveMessageUsage } from '@/lib/usage/message-usage';

/**
 * Usage under one assistant answer, updating while it streams: one short line (tokens, cost,
 * speed) that is also the button opening the full breakdown, so the answer is not buried
 * under figures few people read every time.
 */
export function MessageUsage({ message }: { message: RillUIMessage }) {
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const { usage, exact } = liveMessageUsage(message);
  const metadata = message.metadata;
  const approx = exact ? '' : '≈';
  const speed =
    metadata?.firstTokenMs !== undefined && metadata.durationMs !== undefined && exact
      ? tokensPerSecond(usage.outputTokens, metadata.firstTokenMs, metadata.durationMs)
      : undefined;
  const cost = metadata?.model ? estimateCostUsd(metadata.model, usage) : undefined;
  const steps = metadata?.steps && metadata.steps.length > 1 ? metadata.steps : undefined;

  return (
    <footer aria-label="Message usage" data-input-tokens={usage.inputTokens} data-output-tokens={usage.outputTokens} className="mt-2 min-w-0 text-xs tabular-nums text-muted">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => setOpen((shown) => !shown)}
        className="-mx-1 flex items-center gap-1 rounded px-1 py-0.5 text-left hover:bg-surface-strong hover:text-fg"
      >
        <span>
          {approx}
          {formatTokens(totalTokens(usage))} tokens
          {cost !== undefined && ` · ${approx}${formatUsd(cost)}`}
          {/* data-timing: figures that differ on every run (screenshot tests leave them out). */}
          {speed !== undefined && <span data-timing> · {Math.round(speed)} tok/s</span>}
        </span>
        <svg viewBox="0 0 16 16" aria-hidden="true" className={`size-3 shrink-0 ${open ? 'rotate-180' : ''}`} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {/* Kept in the page when closed, hidden, so the button always controls an element. */}
      <dl id={detailsId} hidden={!open} className="mt-1 grid w-fit grid-cols-[auto_auto] gap-x-3">
        <Figure term="Input">{formatTokens(usage.inputTokens)}</Figure>
        {usage.cacheReadTokens > 0 && <Figure term="Cache read">{formatTokens(usage.cacheReadTokens)}</Figure>}
        {usage.cacheWriteTokens > 0 && <Figure term="Cache write">{formatTokens(usage.cacheWriteTokens)}</Figure>}
        <Figure term="Output">
          {approx}
          {formatTokens(usage.outputTokens)}
        </Figure>
        {metadata?.firstTokenMs !== undefined && (
          <Figure term="First token" timing>
            {formatDuration(metadata.firstTokenMs)}
          </Figure>
        )}
        {speed !== undefined && (
          <Figure term="Speed" timing>
            {Math.round(speed)} tokens/s
          </Figure>
        )}
        {cost !== undefined && (
          <Figure term="Cost">
            {approx}
            {formatUsd(cost)}
          </Figure>
        )}
        {steps && (
          <Figure term="Steps" steps={steps.length}>
            {steps
              .map((step, index) => `step ${index + 1}: ${formatTokens(step.usage.inputTokens)} in, ${formatTokens(step.usage.outputTokens)} out`)
              .join(' · ')}
          </Figure>
        )}
      </dl>
    </footer>
  );
}

function Figure({ term, timing, steps, children }: { term: string; timing?: boolean; steps?: number; children: ReactNode }) {
  return (
    <div className="contents" data-timing={timing || undefined} data-steps={steps}>
      <dt>{term}</dt>
      <dd className="text-fg">{children}</dd>
    </div>
  );
}
