import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { retryDelayMs, retryReason } from './retry';

function httpError(status: number, headers: Record<string, string> = {}) {
  return APIError.generate(status, { type: 'error', error: { type: 'x', message: 'x' } }, undefined, new Headers(headers));
}

describe('retryReason', () => {
  it('retries what the SDK retries, and says when Claude is busy', () => {
    expect(retryReason(httpError(429))).toBe('busy');
    expect(retryReason(httpError(529))).toBe('busy');
    expect(retryReason(httpError(500))).toBe('unavailable');
    expect(retryReason(httpError(408))).toBe('unavailable');
    expect(retryReason(new APIConnectionError({ message: 'ECONNREFUSED' }))).toBe('unavailable');
  });

  it("never retries a refused request, and obeys the server's x-should-retry", () => {
    expect(retryReason(httpError(401))).toBeUndefined();
    expect(retryReason(httpError(400))).toBeUndefined();
    expect(retryReason(httpError(429, { 'x-should-retry': 'false' }))).toBeUndefined();
    expect(retryReason(httpError(400, { 'x-should-retry': 'true' }))).toBe('unavailable');
    expect(retryReason(new TypeError('boom'))).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('waits as long as the server asks', () => {
    expect(retryDelayMs(httpError(429, { 'retry-after': '7' }), 1)).toBe(7_000);
    expect(retryDelayMs(httpError(429, { 'retry-after-ms': '1500', 'retry-after': '7' }), 1)).toBe(1_500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryDelayMs(httpError(429, { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), 1, now)).toBe(3_000);
  });

  it('backs off exponentially, up to 8 s, when the server says nothing useful', () => {
    const noJitter = () => 0;
    expect(retryDelayMs(httpError(529), 1, Date.now(), noJitter)).toBe(500);
    expect(retryDelayMs(httpError(529), 2, Date.now(), noJitter)).toBe(1_000);
    expect(retryDelayMs(httpError(529), 10, Date.now(), noJitter)).toBe(8_000);
    expect(retryDelayMs(httpError(529, { 'retry-after': '0' }), 1, Date.now(), noJitter)).toBe(500);
    expect(retryDelayMs(httpError(529), 1, Date.now(), () => 1)).toBe(375);
  });
});
