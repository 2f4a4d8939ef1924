import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import type { RetryNotice } from '../protocol/message-metadata';

type RetryReason = RetryNotice['reason'];

/**
 * The failures the Anthropic SDK itself retries, with the same rules, for the one call whose
 * retries Rill makes itself so that the browser can say so: the server's `x-should-retry`
 * first, then timeouts, lock timeouts, rate limits, server errors and broken connections.
 */
export function retryReason(error: unknown): RetryReason | undefined {
  if (error instanceof APIConnectionError) return 'unavailable';
  if (!(error instanceof APIError) || error.status === undefined) return undefined;
  const told = error.headers?.get('x-should-retry');
  if (told === 'false') return undefined;
  if (error.status === 429 || error.status === 529) return 'busy';
  if (told === 'true' || error.status === 408 || error.status === 409 || error.status >= 500) return 'unavailable';
  return undefined;
}

const INITIAL_DELAY_S = 0.5;
const MAX_DEFAULT_DELAY_S = 8;
// Longer than one timer can wait: fall back to the default, as the SDK does.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How long to wait before retry number `retry` (from 1), as the SDK would: what the server asks
 * for (`retry-after-ms`, then `retry-after` in seconds or as a date), else an exponential
 * backoff from half a second, at most 8 s, less up to a quarter of jitter.
 */
export function retryDelayMs(error: unknown, retry: number, now = Date.now(), random = Math.random): number {
  const headers = error instanceof APIError ? error.headers : undefined;
  let asked: number | undefined;
  const millis = headers?.get('retry-after-ms');
  if (millis && !Number.isNaN(parseFloat(millis))) asked = parseFloat(millis);
  const after = headers?.get('retry-after');
  if (after && !asked) asked = Number.isNaN(parseFloat(after)) ? Date.parse(after) - now : parseFloat(after) * 1000;
  if (asked !== undefined && asked > 0 && asked <= MAX_TIMER_MS) return asked;
  const seconds = Math.min(INITIAL_DELAY_S * 2 ** (retry - 1), MAX_DEFAULT_DELAY_S);
  return seconds * (1 - random() * 0.25) * 1000;
}
