'use client';

import { useEffect, useRef } from 'react';

export type VersionControl = 'previous' | 'next';

/**
 * `‹ 2 / 3 ›` under a message that has versions (edits, regenerated answers). Switching
 * replaces the message and what follows it, so this control is rendered anew: `focus` puts the
 * keyboard back on the button that was pressed (or the other one, at either end).
 */
export function VersionSwitcher({
  ids,
  current,
  disabled,
  focus,
  onShow,
}: {
  ids: string[];
  current: string;
  /** An answer is streaming. */
  disabled: boolean;
  focus: VersionControl | undefined;
  onShow: (id: string, control: VersionControl) => void;
}) {
  const previous = useRef<HTMLButtonElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  const at = ids.indexOf(current);
  const hasPrevious = at > 0;
  const hasNext = at < ids.length - 1;
  useEffect(() => {
    if (focus === 'previous') (hasPrevious ? previous : next).current?.focus();
    if (focus === 'next') (hasNext ? next : previous).current?.focus();
  }, [focus, hasPrevious, hasNext]);
  const button = 'min-h-6 min-w-6 rounded-md px-1.5 py-0.5 text-xs text-muted hover:bg-surface-strong hover:text-fg disabled:opacity-40 disabled:hover:bg-transparent';
  return (
    <div role="group" aria-label="Versions" className="flex items-center gap-0.5 text-xs text-muted">
      <button ref={previous} type="button" aria-label="Previous version" disabled={disabled || !hasPrevious} onClick={() => onShow(ids[at - 1]!, 'previous')} className={button}>
        ‹
      </button>
      <span className="tabular-nums">
        {at + 1} / {ids.length}
      </span>
      <button ref={next} type="button" aria-label="Next version" disabled={disabled || !hasNext} onClick={() => onShow(ids[at + 1]!, 'next')} className={button}>
        ›
      </button>
    </div>
  );
}
