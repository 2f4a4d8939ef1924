import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { estimateCostUsd, tokensPerSecond } from '@/lib/usage';
import { liveMessageUsage } from '@/lib/usage/message-usage';
import { UsageDisclosure } from './usage-disclosure';

/** Usage under one assistant answer, updating while it streams: tokens, cost and speed, then the details. */
export function MessageUsage({ message }: { message: RillUIMessage }) {
  const { usage, exact } = liveMessageUsage(message);
  const metadata = message.metadata;
  // Until the exact output count is in, a speed would be a guess.
  const speed =
    metadata?.firstTokenMs !== undefined && metadata.durationMs !== undefined && exact
      ? tokensPerSecond(usage.outputTokens, metadata.firstTokenMs, metadata.durationMs)
      : undefined;
  return (
    <footer aria-label="Message usage" data-input-tokens={usage.inputTokens} data-output-tokens={usage.outputTokens} className="mt-2 min-w-0 text-xs tabular-nums text-muted">
      <UsageDisclosure
        usage={usage}
        exact={exact}
        costUsd={metadata?.model ? estimateCostUsd(metadata.model, usage) : undefined}
        firstTokenMs={metadata?.firstTokenMs}
        tokensPerSecond={speed}
        steps={metadata?.steps}
      />
    </footer>
  );
}
