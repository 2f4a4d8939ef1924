'use client';

import { memo, useId } from 'react';
import { THINKING_BUDGETS, thinkingSupport } from '@/lib/models';

export type ThinkingSetting = { enabled: boolean; budgetTokens: number };

/** Per-conversation switches: extended thinking (where the model has it) and web search (where the operator allows it). */
function ChatSettingsImpl({
  model,
  thinking,
  onThinkingChange,
  webSearch,
  onWebSearchChange,
  webTools,
  disabled,
}: {
  model: string;
  thinking: ThinkingSetting;
  onThinkingChange: (thinking: ThinkingSetting) => void;
  webSearch: boolean;
  onWebSearchChange: (enabled: boolean) => void;
  /** RILL_WEB_TOOLS: without it the server refuses web search, so it is not offered. */
  webTools: boolean;
  disabled: boolean;
}) {
  const support = thinkingSupport(model);
  const alwaysOnId = useId();
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted">
      {support !== 'none' && (
        <span className="flex items-center gap-1.5">
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={support === 'always' || thinking.enabled}
              disabled={disabled || support === 'always'}
              aria-describedby={support === 'always' ? alwaysOnId : undefined}
              onChange={(event) => onThinkingChange({ ...thinking, enabled: event.target.checked })}
            />
            Thinking
          </label>
          {/* A greyed-out tick alone reads as broken: say why it cannot be switched off. */}
          {support === 'always' && (
            <span id={alwaysOnId} className="text-xs">
              (always on for this model)
            </span>
          )}
        </span>
      )}
      {support === 'budget' && thinking.enabled && (
        <label className="flex items-center gap-1.5">
          <span>Budget</span>
          <select
            className="rounded border border-border bg-surface px-1 py-0.5 text-fg"
            value={thinking.budgetTokens}
            disabled={disabled}
            onChange={(event) => onThinkingChange({ ...thinking, budgetTokens: Number(event.target.value) })}
          >
            {THINKING_BUDGETS.map((budget) => (
              <option key={budget} value={budget}>
                {budget.toLocaleString('en-US')} tokens
              </option>
            ))}
          </select>
        </label>
      )}
      {webTools && (
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={webSearch} disabled={disabled} onChange={(event) => onWebSearchChange(event.target.checked)} />
          Web search <span className="text-xs">(billed per search)</span>
        </label>
      )}
    </div>
  );
}

/** Memoised: its props do not change while an answer streams, so chunks do not re-render it. */
export const ChatSettings = memo(ChatSettingsImpl);
