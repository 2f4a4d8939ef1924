'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api-client';
import { announceConversationsChanged } from '@/lib/conversations/events';
import { ForkIcon, ShareIcon } from '@/components/shell/icons';
import { ShareDialog } from './share-dialog';

const headerButton = 'flex items-center gap-1 rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg disabled:opacity-50';
// A phone's header has room for the icons only; their names stay for assistive technology.
const wordClass = 'sr-only sm:not-sr-only';

/** The chat header's Fork and Share buttons, for a saved conversation with no answer streaming. */
export function ShareActions({ conversationId }: { conversationId: string }) {
  const router = useRouter();
  const [sharing, setSharing] = useState(false);
  const [forking, setForking] = useState(false);
  const [forkError, setForkError] = useState<string>();

  const fork = async () => {
    setForking(true);
    setForkError(undefined);
    const result = await api.forkConversation(conversationId);
    setForking(false);
    if (!result.ok) return setForkError(result.error.message);
    announceConversationsChanged();
    router.push(`/c/${result.data.id}`);
  };

  return (
    <div className="relative flex items-center gap-1">
      <button type="button" aria-label="Fork to a new chat" title="Fork to a new chat" onClick={() => void fork()} disabled={forking} className={headerButton}>
        <ForkIcon />
        <span className={wordClass}>Fork</span>
      </button>
      <button type="button" aria-haspopup="dialog" title="Share" onClick={() => setSharing(true)} className={headerButton}>
        <ShareIcon />
        <span className={wordClass}>Share</span>
      </button>
      {forkError && (
        <p role="alert" className="absolute right-0 top-full z-20 mt-1 w-64 rounded-md border border-border bg-bg p-2 text-sm text-danger shadow-md">
          {forkError}
        </p>
      )}
      <ShareDialog conversationId={conversationId} open={sharing} onClose={() => setSharing(false)} />
    </div>
  );
}
