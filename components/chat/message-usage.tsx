import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { estimateCostUsd, tokensPerSecond, totalTokens } from '@/lib/usage';
import { formatDuration, formatTokens, formatUsd } from '@/lib/usage/format';
import { liveMessageUsage } from '@/lib/usage/message-usage';
import { UsageDisclosure, type UsageFigure } from './usage-disclosure';

/** Usage under one assistant answer, updating while it streams: tokens, cost and speed, then the details. */
export function MessageUsage({ message }: { message: RillUIMessage }) {
  const { usage, exact } = liveMessageUsage(message);
  const metadata = message.metadata;
  const approx = exact ? '' : '≈';
  const speed =
    metadata?.firstTokenMs !== undefined && metadata.durationMs !== undefined && exact
      ? tokensPerSecond(usage.outputTokens, metadata.firstTokenMs, metadata.durationMs)
      : undefined;
  const cost = metadata?.model ? estimateCostUsd(metadata.model, usage) : undefined;
  const steps = metadata?.steps && metadata.steps.length > 1 ? metadata.steps : undefined;

  const figures: UsageFigure[] = [{ term: 'Input', value: formatTokens(usage.inputTokens) }];
  if (usage.cacheReadTokens > 0) figures.push({ term: 'Cache read', value: formatTokens(usage.cacheReadTokens) });
  if (usage.cacheWriteTokens > 0) figures.push({ term: 'Cache write', value: formatTokens(usage.cacheWriteTokens) });
  figures.push({ term: 'Output', value: `${approx}${formatTokens(usage.outputTokens)}` });
  if (metadata?.firstTokenMs !== undefined) figures.push({ term: 'First token', value: formatDuration(metadata.firstTokenMs), timing: true });
  if (speed !== undefined) figures.push({ term: 'Speed', value: `${Math.round(speed)} tokens/s`, timing: true });
  if (cost !== undefined) figures.push({ term: 'Cost', value: `${approx}${formatUsd(cost)}` });
  if (steps) {
    const perStep = steps.map((step, index) => `step ${index + 1}: ${formatTokens(step.usage.inputTokens)} in, ${formatTokens(step.usage.outputTokens)} out`);
    figures.push({ term: 'Steps', value: perStep.join(' · '), steps: steps.length });
  }

  return (
    <footer aria-label="Message usage" data-input-tokens={usage.inputTokens} data-output-tokens={usage.outputTokens} className="mt-2 min-w-0 text-xs tabular-nums text-muted">
      <UsageDisclosure
        figures={figures}
        summary={
          <>
            {approx}
            {formatTokens(totalTokens(usage))} tokens
            {cost !== undefined && ` · ${approx}${formatUsd(cost)}`}
            {speed !== undefined && <span data-timing> · {Math.round(speed)} tok/s</span>}
          </>
        }
      />
    </footer>
  );
}
