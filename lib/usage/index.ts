import { CHARACTERS_PER_TOKEN } from '../anthropic/wire';
import { priceFor, type ModelPrice } from '../models';

/** Token counts for one assistant message, as Anthropic reports them. */
export type TokenUsage = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

type AnthropicUsageFields = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
};

/**
 * Applies an Anthropic usage report. Reports are cumulative snapshots: each field that is
 * present replaces the previous value, and absent (null) fields keep it. Never add them up.
 */
export function applyUsageReport(current: TokenUsage, report: AnthropicUsageFields): TokenUsage {
  return {
    inputTokens: report.input_tokens ?? current.inputTokens,
    outputTokens: report.output_tokens ?? current.outputTokens,
    cacheReadTokens: report.cache_read_input_tokens ?? current.cacheReadTokens,
    cacheWriteTokens: report.cache_creation_input_tokens ?? current.cacheWriteTokens,
  };
}

/** Sums usage of separate requests (steps or messages); each request is billed on its own. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
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
  return (
    usage.inputTokens * price.input * perToken +
    usage.outputTokens * price.output * perToken +
    usage.cacheReadTokens * price.cacheRead * perToken +
    usage.cacheWriteTokens * price.cacheWrite * perToken
  );
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
