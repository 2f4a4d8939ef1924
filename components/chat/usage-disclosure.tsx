'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { totalTokens, type TokenUsage } from '@/lib/usage';
import { formatDuration, formatTokens, formatUsd } from '@/lib/usage/format';

/** One figure of the breakdown; `timing` marks figures that differ on every run. */
type Figure = { term: string; value: string; timing?: boolean; steps?: number };

export type UsageDisclosureProps = {
  /** Names whose usage the line sums up, before its figures. */
  label?: string;
  usage: TokenUsage;
  /** False while the output count is an estimate from the text streamed so far: its figures read ≈. */
  exact: boolean;
  /** Undefined for a model without a known price. */
  costUsd: number | undefined;
  /** What the prompt cache saved (negative: what it cost on top), when it is shown and known. */
  cacheSavedUsd?: number | undefined;
  /** An answer's time to its first token, in milliseconds. */
  firstTokenMs?: number | undefined;
  /** An answer's output speed, in tokens a second. */
  tokensPerSecond?: number | undefined;
  /** An answer's model calls, listed when there are more than one. */
  steps?: readonly { usage: TokenUsage }[] | undefined;
};

/**
 * A short usage line (tokens, cost, speed) that is also the button opening the full breakdown,
 * so answers are not buried under figures few people read every time. Under each answer and for
 * the whole conversation, so both read the same way.
 */
export function UsageDisclosure({ label, usage, exact, costUsd, cacheSavedUsd, firstTokenMs, tokensPerSecond, steps }: UsageDisclosureProps) {
  const [open, setOpen] = useState(false);
  const figuresId = useId();
  const figuresRef = useRef<HTMLDListElement>(null);
  // Under the last answer, the figures open below the visible end of the transcript.
  useEffect(() => {
    if (open) figuresRef.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);

  const approx = exact ? '' : '≈';
  const cost = costUsd === undefined ? undefined : `${approx}${formatUsd(costUsd)}`;
  const speed = tokensPerSecond === undefined ? undefined : Math.round(tokensPerSecond);
  const figures: Figure[] = [{ term: 'Input', value: formatTokens(usage.inputTokens) }];
  if (usage.cacheReadTokens > 0) figures.push({ term: 'Cache read', value: formatTokens(usage.cacheReadTokens) });
  if (usage.cacheWriteTokens > 0) figures.push({ term: 'Cache write', value: formatTokens(usage.cacheWriteTokens) });
  figures.push({ term: 'Output', value: `${approx}${formatTokens(usage.outputTokens)}` });
  if (firstTokenMs !== undefined) figures.push({ term: 'First token', value: formatDuration(firstTokenMs), timing: true });
  if (speed !== undefined) figures.push({ term: 'Speed', value: `${speed} tokens/s`, timing: true });
  if (cost !== undefined) figures.push({ term: 'Cost', value: cost });
  if (cacheSavedUsd !== undefined && usage.cacheReadTokens + usage.cacheWriteTokens > 0) {
    figures.push(cacheSavedUsd >= 0 ? { term: 'Cache saved', value: formatUsd(cacheSavedUsd) } : { term: 'Cache cost extra', value: formatUsd(-cacheSavedUsd) });
  }
  if (steps && steps.length > 1) {
    const perStep = steps.map((step, index) => `step ${index + 1}: ${formatTokens(step.usage.inputTokens)} in, ${formatTokens(step.usage.outputTokens)} out`);
    figures.push({ term: 'Steps', value: perStep.join(' · '), steps: steps.length });
  }

  return (
    <div className="min-w-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={figuresId}
        onClick={() => setOpen((shown) => !shown)}
        className="-mx-1 flex items-center gap-1 rounded px-1 py-0.5 text-left hover:bg-surface-strong hover:text-fg"
      >
        <span>
          {label && `${label}: `}
          {approx}
          {formatTokens(totalTokens(usage))} tokens
          {cost !== undefined && ` · ${cost}`}
          {speed !== undefined && <span data-timing> · {speed} tok/s</span>}
        </span>
        <svg viewBox="0 0 16 16" aria-hidden="true" className={`size-3 shrink-0 ${open ? 'rotate-180' : ''}`} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {/* Kept in the page when closed, hidden, so the button always controls an element. */}
      <dl ref={figuresRef} id={figuresId} hidden={!open} className="mt-1 grid w-fit grid-cols-[auto_auto] gap-x-3 text-left">
        {figures.map(({ term, value, timing, steps }) => (
          // data-timing: screenshot tests leave these figures out.
          <div key={term} className="contents" data-timing={timing || undefined} data-steps={steps}>
            <dt>{term}</dt>
            <dd className="text-fg">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
