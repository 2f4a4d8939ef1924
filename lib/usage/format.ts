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

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
