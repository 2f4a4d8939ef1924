'use client';

import { memo, useId } from 'react';
import { CACHE_TTLS, effortLevels, THINKING_BUDGETS, thinkingSupport, type CacheTtl, type Effort } from '@/lib/models';
import { ConnectorsMenu } from './connectors-menu';

export type ThinkingSetting = { enabled: boolean; budgetTokens: number };

const EFFORT_NAMES: Record<Effort, string> = { low: 'Low', medium: 'Medium', high: 'High', xhigh: 'Extra high', max: 'Max' };
const CACHE_TTL_NAMES: Record<CacheTtl, string> = { '5m': '5 minutes', '1h': '1 hour' };

const selectClass = 'rounded border border-border bg-surface px-1 py-0.5 text-fg';

/**
 * Per-conversation switches: extended thinking and effort (where the model has them), how long the
 * prompt cache keeps the conversation, web search (where the operator allows it), and which MCP
 * connectors and tools Claude may use.
 */
function ChatSettingsImpl({
  model,
  thinking,
  onThinkingChange,
  webSearch,
  onWebSearchChange,
  effort,
  onEffortChange,
  cacheTtl,
  onCacheTtlChange,
  webTools,
  connectors,
  connectorsOff,
  onConnectorsOffChange,
  disabled,
}: {
  model: string;
  thinking: ThinkingSetting;
  onThinkingChange: (thinking: ThinkingSetting) => void;
  webSearch: boolean;
  onWebSearchChange: (enabled: boolean) => void;
  /** Undefined: the model's own default. */
  effort: Effort | undefined;
  onEffortChange: (effort: Effort | undefined) => void;
  cacheTtl: CacheTtl;
  onCacheTtlChange: (ttl: CacheTtl) => void;
  /** RILL_WEB_TOOLS: without it the server refuses web search, so it is not offered. */
  webTools: boolean;
  /** Whether this Rill offers MCP connectors at all. */
  connectors: boolean;
  /** Server keys and tool keys switched off for this chat. */
  connectorsOff: string[];
  onConnectorsOffChange: (off: string[]) => void;
  disabled: boolean;
}) {
  const support = thinkingSupport(model);
  const efforts = effortLevels(model);
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
            className={selectClass}
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
      {efforts.length > 0 && (
        <label className="flex items-center gap-1.5">
          <span>Effort</span>
          {/* A level this model does not take is not sent: it shows as the model's default. */}
          <select
            className={selectClass}
            value={effort && efforts.includes(effort) ? effort : ''}
            disabled={disabled}
            onChange={(event) => onEffortChange(efforts.find((level) => level === event.target.value))}
          >
            <option value="">Default</option>
            {efforts.map((level) => (
              <option key={level} value={level}>
                {EFFORT_NAMES[level]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="flex items-center gap-1.5">
        <span>Prompt cache</span>
        <select className={selectClass} value={cacheTtl} disabled={disabled} onChange={(event) => onCacheTtlChange(event.target.value === '1h' ? '1h' : '5m')}>
          {CACHE_TTLS.map((ttl) => (
            <option key={ttl} value={ttl}>
              {CACHE_TTL_NAMES[ttl]}
            </option>
          ))}
        </select>
      </label>
      {webTools && (
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={webSearch} disabled={disabled} onChange={(event) => onWebSearchChange(event.target.checked)} />
          Web search <span className="text-xs">(billed per search)</span>
        </label>
      )}
      {connectors && <ConnectorsMenu off={connectorsOff} onChange={onConnectorsOffChange} disabled={disabled} />}
    </div>
  );
}

/** Memoised: its props do not change while an answer streams, so chunks do not re-render it. */
export const ChatSettings = memo(ChatSettingsImpl);
