'use client';

import { useEffect, useState } from 'react';
import type { ChatFailure } from './error-message';

/** Seconds left of `seconds`, counted down from the first render. */
function useCountdown(seconds: number | undefined): number {
  const [left, setLeft] = useState(seconds ?? 0);
  useEffect(() => {
    if (!seconds) return;
    const deadline = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}

/** The one place a failed answer is explained, with the one Retry there is (when it can help). */
export function ErrorAlert({ failure, onRetry }: { failure: ChatFailure; onRetry: () => void }) {
  const left = useCountdown(failure.retryAfterSeconds);
  return (
    <div role="alert" className="flex items-start justify-between gap-3 rounded-lg border border-danger/40 bg-danger-surface px-3 py-2 text-sm text-danger">
      <p>
        {failure.message}
        {failure.retryAfterSeconds !== undefined && (
          // Announced once with the alert, not every second.
          <span aria-live="off"> {left > 0 ? `Try again in ${left} s.` : 'You can try again now.'}</span>
        )}
        {failure.operator && ' Retrying cannot help: only whoever runs this Rill can fix it.'}
      </p>
      {failure.retryable && (
        <button
          type="button"
          onClick={onRetry}
          disabled={left > 0}
          className="shrink-0 rounded-md border border-danger/50 px-2 py-0.5 font-medium hover:bg-danger/10 disabled:cursor-not-allowed disabled:opacity-60"
        >
          Retry
        </button>
      )}
    </div>
  );
}
