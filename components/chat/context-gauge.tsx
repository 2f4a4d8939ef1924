import { formatTokens } from '@/lib/usage/format';

/**
 * How much of the model's context window the conversation fills, as Anthropic counts it: a short
 * bar and "N% of context", with the exact count in the meter's name for assistive technology.
 */
export function ContextGauge({ tokens, windowTokens }: { tokens: number; windowTokens: number }) {
  const percent = Math.min(100, Math.round((tokens / windowTokens) * 100));
  const label = `Context: ${formatTokens(tokens)} of ${formatTokens(windowTokens)} tokens`;
  // A million-token window stays at 0% for many turns: say that something is counted.
  const shown = percent === 0 && tokens > 0 ? '<1%' : `${percent}%`;
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={windowTokens}
      aria-valuenow={Math.min(tokens, windowTokens)}
      aria-valuetext={`${shown} of context, ${formatTokens(tokens)} of ${formatTokens(windowTokens)} tokens`}
      title={label}
      className="flex items-center gap-1.5 text-xs tabular-nums text-muted"
    >
      <span aria-hidden="true" className="h-1 w-12 overflow-hidden rounded-full bg-surface-strong">
        <span className={`block h-full rounded-full ${percent >= 80 ? 'bg-warning' : 'bg-accent'}`} style={{ width: `${percent}%` }} />
      </span>
      <span aria-hidden="true">{shown} of context</span>
    </div>
  );
}
