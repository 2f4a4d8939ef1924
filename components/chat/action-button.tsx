import type { ReactNode } from 'react';

/** A small text button under a message (copy, edit, regenerate). */
export function ActionButton({ label, onClick, children }: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      onClick={onClick}
      className="rounded-md px-2 py-0.5 text-xs text-muted hover:bg-surface-strong hover:text-fg"
    >
      {children}
    </button>
  );
}
