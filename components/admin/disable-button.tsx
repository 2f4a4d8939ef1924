'use client';

import { useState } from 'react';

/** Disables an account (every session of it ends at once) or enables it again. */
export function DisableButton({ email, disabled, onToggle }: { email: string; disabled: boolean; onToggle: () => Promise<boolean> }) {
  const [busy, setBusy] = useState(false);
  const label = disabled ? 'Enable' : 'Disable';
  return (
    <button
      type="button"
      aria-label={`${label} ${email}`}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await onToggle();
        setBusy(false);
      }}
      className="rounded-lg border border-border px-3 py-1 hover:bg-surface-strong disabled:opacity-50"
    >
      {label}
    </button>
  );
}
