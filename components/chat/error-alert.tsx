import { readableChatError } from './error-message';

export function ErrorAlert({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <div role="alert" className="flex items-start justify-between gap-3 rounded-lg border border-danger/40 bg-danger-surface px-3 py-2 text-sm text-danger">
      <p>{readableChatError(error)}</p>
      <button
        type="button"
        onClick={onRetry}
        className="shrink-0 rounded-md border border-danger/50 px-2 py-0.5 font-medium hover:bg-danger/10"
      >
        Retry
      </button>
    </div>
  );
}
