'use client';

import { useState } from 'react';
import { api } from '@/lib/api-client';

/** Ends this browser's access session (APP_PASSWORD) and goes back to the sign-in page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const signOut = async () => {
    setPending(true);
    // Whatever the answer, the sign-in page is the right place next: it asks again if needed.
    await api.signOut();
    window.location.assign('/login');
  };
  return (
    <button
      type="button"
      onClick={() => void signOut()}
      disabled={pending}
      className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg disabled:opacity-50"
    >
      Sign out
    </button>
  );
}
