'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api-client';
import { announceConversationsChanged } from '@/lib/conversations/events';
import { formatTokens } from '@/lib/usage/format';

/** Shown before sending when the conversation nears the model's context window, with two ways out. */
export function ContextWarning({ conversationId, tokens, windowTokens }: { conversationId: string; tokens: number; windowTokens: number }) {
  const router = useRouter();
  const [pending, setPending] = useState<'summary' | 'trim' | undefined>();
  const [error, setError] = useState<string | undefined>();

  const compact = async (mode: 'summary' | 'trim') => {
    setPending(mode);
    setError(undefined);
    const compacted = await api.compactConversation(conversationId, mode);
    if (!compacted.ok) {
      setError(compacted.error.message);
      setPending(undefined);
    } else if (mode === 'summary') {
      announceConversationsChanged();
      router.push(`/c/${compacted.data.id}`);
    } else window.location.reload();
  };

  return (
    <section aria-label="Context window" className="rounded-lg border border-warning/40 bg-warning-surface px-3 py-2 text-sm text-warning">
      <p>
        This conversation fills about {Math.round((tokens / windowTokens) * 100)}% of the model&apos;s context window ({formatTokens(tokens)} of{' '}
        {formatTokens(windowTokens)} tokens). Claude may soon be unable to take it all in.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" disabled={pending !== undefined} onClick={() => void compact('summary')} className="rounded-md border border-warning/50 px-2 py-0.5 font-medium disabled:opacity-50">
          {pending === 'summary' ? 'Summarising…' : 'Start a new chat with a summary'}
        </button>
        <button type="button" disabled={pending !== undefined} onClick={() => void compact('trim')} className="rounded-md border border-warning/50 px-2 py-0.5 font-medium disabled:opacity-50">
          {pending === 'trim' ? 'Trimming…' : 'Trim the oldest turns'}
        </button>
      </div>
      {error && <p className="mt-1 text-danger">{error}</p>}
    </section>
  );
}
