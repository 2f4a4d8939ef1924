'use client';

import { useState } from 'react';
import { api } from '@/lib/api-client';

/** Ends every session of the account, this one too, then goes to sign-in. */
export function SignOutEverywhereButton() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <div>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await api.signOutEverywhere();
          if (result.ok) {
            // A full load: nothing of the signed-in pages stays in the client's cache.
            window.location.assign('/sign-in');
            return;
          }
          setError(result.error.message);
          setBusy(false);
        }}
        className="rounded-lg border border-border px-4 py-2 font-medium text-danger hover:bg-surface-strong disabled:opacity-50"
      >
        Sign out everywhere
      </button>
      {error ? (
        <p role="alert" className="mt-2 text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
