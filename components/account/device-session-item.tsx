'use client';

import { useState } from 'react';
import type { DeviceSession } from '@/lib/auth/sessions';

const when = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** One signed-in device; any but this one can be signed out. */
export function DeviceSessionItem({ session, onRevoke }: { session: DeviceSession; onRevoke: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <li aria-label={session.current ? `${session.device}, this device` : session.device} data-current={session.current} className="flex items-center justify-between gap-3 px-4 py-3">
      <div>
        <p className="font-medium">
          {session.device}
          {session.current ? <span className="ml-2 rounded bg-surface-strong px-2 py-0.5 text-xs">This device</span> : null}
        </p>
        <p className="text-sm text-muted">
          Signed in <time dateTime={session.createdAt}>{when(session.createdAt)}</time>
        </p>
      </div>
      {session.current ? null : (
        <button
          type="button"
          aria-label={`Sign out ${session.device}, signed in ${when(session.createdAt)}`}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await onRevoke();
            setBusy(false);
          }}
          className="rounded-lg border border-border px-3 py-1 hover:bg-surface-strong disabled:opacity-50"
        >
          Revoke
        </button>
      )}
    </li>
  );
}
