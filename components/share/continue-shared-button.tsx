'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api-client';

const buttonClass = 'rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 disabled:opacity-50';

/**
 * "Continue this conversation": copies the shared conversation into a chat of the visitor's own
 * and opens it. Where guests are not allowed, a visitor who is not signed in signs in first and
 * comes back here.
 */
export function ContinueSharedButton({ shareId, signInFirst }: { shareId: string; signInFirst: boolean }) {
  const router = useRouter();
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string>();

  if (signInFirst) {
    return (
      <a href={`/sign-in?${new URLSearchParams({ next: `/share/${shareId}` })}`} className={buttonClass}>
        Sign in to continue this conversation
      </a>
    );
  }

  const continueIt = async () => {
    setWorking(true);
    setError(undefined);
    const result = await api.continueSharedConversation(shareId);
    if (!result.ok) {
      setWorking(false);
      return setError(result.error.message);
    }
    router.push(`/c/${result.data.id}`);
  };

  return (
    <div className="flex flex-col items-end gap-1">
      <button type="button" onClick={() => void continueIt()} disabled={working} className={buttonClass}>
        Continue this conversation
      </button>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
