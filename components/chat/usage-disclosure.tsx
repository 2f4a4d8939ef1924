'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/** One figure of a usage breakdown; `timing` marks figures that differ on every run. */
export type UsageFigure = { term: string; value: string; timing?: boolean; steps?: number };

/**
 * A short usage line that is also the button opening the full breakdown, so answers are not
 * buried under figures few people read every time. Used under each answer and for the whole
 * conversation, so both read the same way.
 */
export function UsageDisclosure({ summary, figures }: { summary: ReactNode; figures: readonly UsageFigure[] }) {
  const [open, setOpen] = useState(false);
  const figuresId = useId();
  const figuresRef = useRef<HTMLDListElement>(null);
  // Under the last answer, the figures open below the visible end of the transcript.
  useEffect(() => {
    if (open) figuresRef.current?.scrollIntoView({ block: 'nearest' });
  }, [open]);
  return (
    <div className="min-w-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={figuresId}
        onClick={() => setOpen((shown) => !shown)}
        className="-mx-1 flex items-center gap-1 rounded px-1 py-0.5 text-left hover:bg-surface-strong hover:text-fg"
      >
        <span>{summary}</span>
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
