'use client';

import { useState } from 'react';
import { demoBannerDismissedCookie } from '@/lib/demo-banner';
import { focusMessageBox } from './message-box';

/** One line saying the answers are not Claude's, until the reader dismisses it for good. */
export function DemoBanner({ dismissed: initiallyDismissed }: { dismissed: boolean }) {
  const [dismissed, setDismissed] = useState(initiallyDismissed);
  if (dismissed) return null;
  const dismiss = () => {
    document.cookie = demoBannerDismissedCookie();
    setDismissed(true);
    // The button goes away: keep the focus where typing happens.
    focusMessageBox();
  };
  const key = <code className="font-mono">ANTHROPIC_API_KEY</code>;
  return (
    <div role="note" className="@container flex items-center gap-2 border-b border-border bg-warning-surface py-1 pl-3 pr-1 text-warning">
      {/* As much as fits on one line of the banner's width (the sidebar takes some of the window's). */}
      <p className="min-w-0 flex-1 truncate text-center text-xs @sm:text-sm">
        <span className="@2xl:hidden">Demo, not Claude: set {key}</span>
        <span className="hidden @2xl:inline">Offline demo model, not Claude. Set {key} to use Claude.</span>
      </p>
      <button
        type="button"
        onClick={dismiss}
        aria-label="Dismiss the demo notice"
        title="Dismiss"
        className="shrink-0 rounded p-1.5 hover:bg-surface-strong"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </div>
  );
}
