import type { RetryNotice } from '@/lib/protocol/message-metadata';

/** Shown between Send and the first token, which can take a while on a busy model, and says when Rill tries again. */
export function WaitingIndicator({ retrying }: { retrying?: RetryNotice | undefined }) {
  const text = !retrying ? 'Waiting for Claude…' : retrying.reason === 'busy' ? 'Claude is busy, retrying…' : 'Claude did not answer, retrying…';
  return <p className="animate-pulse text-muted motion-reduce:animate-none">{text}</p>;
}
