import { canRetry } from '@/lib/errors';
import type { RillMessageMetadata } from '@/lib/protocol/message-metadata';

function Note({ tone, children }: { tone: 'neutral' | 'warning'; children: React.ReactNode }) {
  const colours = tone === 'warning' ? 'border-warning/40 bg-warning-surface text-warning' : 'border-border bg-surface text-muted';
  return <div className={`mt-3 flex flex-wrap items-center gap-2 rounded-lg border px-3 py-2 text-sm ${colours}`}>{children}</div>;
}

/** Says why an answer ended when that is anything but a normal finish. */
export function StopReasonNote({
  metadata,
  canContinue,
  onContinue,
  onRetry,
  alertShown,
}: {
  metadata: RillMessageMetadata | undefined;
  canContinue: boolean;
  onContinue: () => void;
  onRetry: () => void;
  /** The live error alert already offers Retry: this note then only says what happened. */
  alertShown: boolean;
}) {
  switch (metadata?.stopReason) {
    case 'max_tokens':
      return (
        <Note tone="warning">
          <span data-stop-reason="max_tokens">The answer reached its length limit.</span>
          {canContinue && (
            <button type="button" onClick={onContinue} className="rounded-md border border-warning/50 px-2 py-0.5 font-medium">
              Continue
            </button>
          )}
        </Note>
      );
    case 'model_context_window_exceeded':
      return (
        <Note tone="warning">
          <span data-stop-reason="model_context_window_exceeded">The conversation filled the model&apos;s context window. Start a new chat to go on.</span>
        </Note>
      );
    case 'refusal':
      return (
        <Note tone="warning">
          <span data-stop-reason="refusal">
            Claude declined to answer this request.{metadata.refusalExplanation ? ` ${metadata.refusalExplanation}` : ''}
          </span>
        </Note>
      );
    case 'step_limit':
      return (
        <Note tone="warning">
          <span data-stop-reason="step_limit">
            Rill stopped this answer after {metadata.stepLimit ?? 'the maximum number of'} steps of tool calls. Send a message to let Claude go on.
          </span>
        </Note>
      );
    case 'stopped':
      return (
        <Note tone="neutral">
          <span data-stop-reason="stopped">Stopped. The answer above is incomplete.</span>
          {canContinue && (
            <button type="button" onClick={onContinue} className="rounded-md border border-border px-2 py-0.5 font-medium text-fg">
              Continue
            </button>
          )}
        </Note>
      );
    case 'budget':
      return (
        <Note tone="warning">
          <span data-stop-reason="budget">
            {metadata.budgetScope === 'total'
              ? 'Rill stopped this answer: this Rill has used its budget for the day, for everyone.'
              : 'Rill stopped this answer: you have used your budget for the day.'}{' '}
            It resets at 00:00 UTC.
          </span>
        </Note>
      );
    case 'error':
      return (
        <Note tone="warning">
          <span data-stop-reason="error">{(!alertShown && metadata.errorText) || 'The answer was interrupted before it finished.'}</span>
          {canContinue && !alertShown && canRetry(metadata.errorType) && (
            <>
              <button type="button" onClick={onContinue} className="rounded-md border border-warning/50 px-2 py-0.5 font-medium">
                Continue
              </button>
              <button type="button" onClick={onRetry} className="rounded-md border border-warning/50 px-2 py-0.5 font-medium">
                Retry
              </button>
            </>
          )}
        </Note>
      );
    default:
      return null;
  }
}
