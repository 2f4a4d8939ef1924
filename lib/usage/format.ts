const integerFormat = new Intl.NumberFormat('en-US');

export function formatTokens(count: number): string {
  return integerFormat.format(count);
}

/** Costs below a cent keep enough digits to be useful. */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}

/** Whole milliseconds under a second, then seconds to a tenth (`10 s`, `2.5 s`). */
export function formatDuration(ms: number): string {
  const rounded = Math.round(ms);
  return rounded < 1000 ? `${rounded} ms` : `${Number((rounded / 1000).toFixed(1))} s`;
}
