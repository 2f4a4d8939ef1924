import { CHARACTERS_PER_TOKEN } from '../anthropic/wire';
import { priceFor, type ModelPrice } from '../models';

/** Token counts for one assistant message, as Anthropic reports them. */
export type TokenUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  /** Every cache write, whatever its lifetime. */
  cacheWriteTokens: number;
  /**
   * Of those, the writes to the 1-hour cache, which cost more than the 5-minute ones. Left out
   * when there are none, and on usage saved before Rill read Anthropic's breakdown.
   */
  cacheWrite1hTokens?: number;
};

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

type AnthropicUsageFields = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  /** The cache writes by lifetime: only `message_start` and a whole Message carry it. */
  cache_creation?: { ephemeral_1h_input_tokens?: number | null } | null;
};

/** `usage` with its 1-hour cache writes, the field left out when there are none. */
function withOneHourWrites(counts: Omit<TokenUsage, 'cacheWrite1hTokens'>, tokens: number): TokenUsage {
  return tokens > 0 ? { ...counts, cacheWrite1hTokens: tokens } : counts;
}

/**
 * Applies an Anthropic usage report. Reports are cumulative snapshots: each field that is
 * present replaces the previous value, and absent (null) fields keep it. Never add them up.
 */
export function applyUsageReport(current: TokenUsage, report: AnthropicUsageFields): TokenUsage {
  const counts = {
    inputTokens: report.input_tokens ?? current.inputTokens,
    outputTokens: report.output_tokens ?? current.outputTokens,
    cacheReadTokens: report.cache_read_input_tokens ?? current.cacheReadTokens,
    cacheWriteTokens: report.cache_creation_input_tokens ?? current.cacheWriteTokens,
  };
  return withOneHourWrites(counts, report.cache_creation?.ephemeral_1h_input_tokens ?? current.cacheWrite1hTokens ?? 0);
}

/** Sums usage of separate requests (steps or messages); each request is billed on its own. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sum = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
  return withOneHourWrites(sum, (a.cacheWrite1hTokens ?? 0) + (b.cacheWrite1hTokens ?? 0));
}

/** Every token a request read or wrote, cached or not: the one figure an answer's summary shows. */
export function totalTokens(usage: TokenUsage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens + usage.outputTokens;
}

/** Estimated cost in USD from list prices, or undefined for a model without a known price. */
export function estimateCostUsd(model: string, usage: TokenUsage): number | undefined {
  const price = priceFor(model);
  return price && costAtPrice(price, usage);
}

/** Cost in USD of token usage at the given prices (per million tokens). */
export function costAtPrice(price: ModelPrice, usage: TokenUsage): number {
  const perToken = 1 / 1_000_000;
  const oneHourWrites = usage.cacheWrite1hTokens ?? 0;
  return (
    usage.inputTokens * price.input * perToken +
    usage.outputTokens * price.output * perToken +
    usage.cacheReadTokens * price.cacheRead * perToken +
    (usage.cacheWriteTokens - oneHourWrites) * price.cacheWrite * perToken +
    oneHourWrites * price.cacheWrite1h * perToken
  );
}

/**
 * What the prompt cache saved, in USD: the cost had every cached token been plain input, less
 * the cost as billed. Negative when writing the cache cost more than reading it saved (a
 * conversation that ended before the cache was read); undefined for a model without a known price.
 */
export function cacheSavingsUsd(model: string, usage: TokenUsage): number | undefined {
  const price = priceFor(model);
  if (!price) return undefined;
  const uncached = { inputTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens, outputTokens: usage.outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 };
  return costAtPrice(price, uncached) - costAtPrice(price, usage);
}

/** Output speed over the streaming phase only: time to first token is latency, not speed. */
export function tokensPerSecond(outputTokens: number, firstTokenMs: number, durationMs: number): number | undefined {
  const streamingMs = durationMs - firstTokenMs;
  if (outputTokens <= 1 || streamingMs <= 0) return undefined;
  return (outputTokens / streamingMs) * 1000;
}

/** A live count from streamed characters, snapped to Anthropic's exact figure when the message ends. */
export function estimateOutputTokens(streamedCharacters: number): number {
  return Math.ceil(streamedCharacters / CHARACTERS_PER_TOKEN);
}
