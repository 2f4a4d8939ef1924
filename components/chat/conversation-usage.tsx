import type { BudgetLeft, RillUIMessage } from '@/lib/protocol/message-metadata';
import { formatTokens, formatUsd } from '@/lib/usage/format';
import { conversationTotals } from '@/lib/usage/message-usage';

/**
 * The live footer for the whole conversation, and what is left of today's budget when the
 * operator set one; the data attributes are part of the UI contract.
 */
export function ConversationUsage({ messages, streaming, budget }: { messages: RillUIMessage[]; streaming: boolean; budget: BudgetLeft | undefined }) {
  const { usage, exact, costUsd } = conversationTotals(messages);
  const approx = exact ? '' : '≈';
  return (
    <div
      role="status"
      aria-label="Token usage"
      aria-live="off"
      data-input-tokens={usage.inputTokens}
      data-output-tokens={usage.outputTokens}
      data-cache-read-tokens={usage.cacheReadTokens}
      data-cache-write-tokens={usage.cacheWriteTokens}
      data-streaming={streaming}
      className="flex flex-wrap justify-center gap-x-3 text-xs tabular-nums text-muted"
    >
      <span>Conversation: {formatTokens(usage.inputTokens)} in</span>
      {usage.cacheReadTokens > 0 && <span>{formatTokens(usage.cacheReadTokens)} cache read</span>}
      {usage.cacheWriteTokens > 0 && <span>{formatTokens(usage.cacheWriteTokens)} cache write</span>}
      <span>
        {approx}
        {formatTokens(usage.outputTokens)} out
      </span>
      {costUsd !== undefined && (
        <span>
          {approx}
          {formatUsd(costUsd)}
        </span>
      )}
      {budget && (
        <span data-budget-left={budget.leftUsd} data-budget-scope={budget.scope}>
          {formatUsd(budget.leftUsd)} of {formatUsd(budget.limitUsd)} left today{budget.scope === 'total' ? ' on this Rill' : ''}
        </span>
      )}
    </div>
  );
}
