import type { BudgetLeft, RillUIMessage } from '@/lib/protocol/message-metadata';
import { formatUsd } from '@/lib/usage/format';
import { conversationTotals } from '@/lib/usage/message-usage';
import { UsageDisclosure } from './usage-disclosure';

/**
 * The live footer for the whole conversation, read like each answer's (tokens and cost, then the
 * details, with what the prompt cache saved over the conversation), and what is left of today's budget when the operator set one; the data attributes are
 * part of the UI contract.
 */
export function ConversationUsage({ messages, streaming, budget }: { messages: RillUIMessage[]; streaming: boolean; budget: BudgetLeft | undefined }) {
  const { usage, exact, costUsd, cacheSavedUsd } = conversationTotals(messages);
  return (
    <div
      role="status"
      aria-label="Token usage"
      aria-live="off"
      data-input-tokens={usage.inputTokens}
      data-output-tokens={usage.outputTokens}
      data-cache-read-tokens={usage.cacheReadTokens}
      data-cache-write-tokens={usage.cacheWriteTokens}
      data-cache-saved-usd={cacheSavedUsd}
      data-streaming={streaming}
      className="flex flex-wrap items-start justify-center gap-x-3 text-xs tabular-nums text-muted"
    >
      <UsageDisclosure label="Conversation" usage={usage} exact={exact} costUsd={costUsd} cacheSavedUsd={cacheSavedUsd} />
      {budget && (
        <span className="py-0.5" data-budget-left={budget.leftUsd} data-budget-scope={budget.scope}>
          {formatUsd(budget.leftUsd)} of {formatUsd(budget.limitUsd)} left today{budget.scope === 'total' ? ' on this Rill' : ''}
        </span>
      )}
    </div>
  );
}
