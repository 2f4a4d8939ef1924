import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { estimateCostUsd, tokensPerSecond } from '@/lib/usage';
import { formatDuration, formatTokens, formatUsd } from '@/lib/usage/format';
import { liveMessageUsage } from '@/lib/usage/message-usage';

/** Usage line under one assistant answer: tokens, speed and cost, updating while it streams. */
export function MessageUsage({ message }: { message: RillUIMessage }) {
  const { usage, exact } = liveMessageUsage(message);
  const metadata = message.metadata;
  const approx = exact ? '' : '≈';
  const speed =
    metadata?.firstTokenMs !== undefined && metadata.durationMs !== undefined && exact
      ? tokensPerSecond(usage.outputTokens, metadata.firstTokenMs, metadata.durationMs)
      : undefined;
  const cost = metadata?.model ? estimateCostUsd(metadata.model, usage) : undefined;

  return (
    <footer
      aria-label="Message usage"
      data-input-tokens={usage.inputTokens}
      data-output-tokens={usage.outputTokens}
      className="mt-2 flex flex-wrap gap-x-3 text-xs tabular-nums text-muted"
    >
      <span>{formatTokens(usage.inputTokens)} in</span>
      {usage.cacheReadTokens > 0 && <span>{formatTokens(usage.cacheReadTokens)} cache read</span>}
      {usage.cacheWriteTokens > 0 && <span>{formatTokens(usage.cacheWriteTokens)} cache write</span>}
      <span>
        {approx}
        {formatTokens(usage.outputTokens)} out
      </span>
      {/* data-timing: figures that differ on every run (screenshot tests leave them out). */}
      {metadata?.firstTokenMs !== undefined && <span data-timing>first token {formatDuration(metadata.firstTokenMs)}</span>}
      {speed !== undefined && <span data-timing>{Math.round(speed)} tok/s</span>}
      {cost !== undefined && (
        <span>
          {approx}
          {formatUsd(cost)}
        </span>
      )}
      {metadata?.steps && metadata.steps.length > 1 && (
        <span className="basis-full" data-steps={metadata.steps.length}>
          {metadata.steps
            .map((step, index) => `step ${index + 1}: ${formatTokens(step.usage.inputTokens)} in, ${formatTokens(step.usage.outputTokens)} out`)
            .join(' · ')}
        </span>
      )}
    </footer>
  );
}
