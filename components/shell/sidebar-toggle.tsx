'use client';

import { useShell } from './shell-context';

/** Opens the conversation drawer; only narrow screens need it. */
export function SidebarToggle() {
  const { openDrawer, drawerOpen } = useShell();
  return (
    <button
      type="button"
      aria-label="Open conversations"
      aria-expanded={drawerOpen}
      onClick={openDrawer}
      className="-ml-2 rounded-md p-2 text-fg hover:bg-surface-strong md:hidden"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
        <path d="M3 5h14M3 10h14M3 15h14" />
      </svg>
    </button>
  );
}
