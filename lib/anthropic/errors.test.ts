import { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../budget';
import { describeUpstreamError, isPrefillRefusal } from './errors';

function httpError(status: number, type: string, message: string, headers: Record<string, string> = {}) {
  return APIError.generate(status, { type: 'error', error: { type, message } }, undefined, new Headers(headers));
}

describe('describeUpstreamError', () => {
  it('names ANTHROPIC_API_KEY for a rejected key', () => {
    expect(describeUpstreamError(httpError(401, 'authentication_error', 'invalid x-api-key'))).toMatchObject({
      type: 'upstream_authentication',
      message: expect.stringContaining('ANTHROPIC_API_KEY'),
    });
    expect(describeUpstreamError(httpError(403, 'permission_error', 'no')).message).toContain('ANTHROPIC_API_KEY');
  });

  it('says when to try again after a 429', () => {
    const described = describeUpstreamError(httpError(429, 'rate_limit_error', 'slow down', { 'retry-after': '12' }));
    expect(described).toMatchObject({ status: 429, retryAfterSeconds: 12 });
    expect(described.message).toBe('Claude is rate limited. Try again in 12 s.');
  });

  it('turns a used-up budget into a 429 that says when to come back', () => {
    const message = 'This Rill has used its budget of $5.00 for today, for everyone. It resets at 00:00 UTC, in 2 h.';
    const described = describeUpstreamError(new BudgetExceededError({ scope: 'total', limitUsd: 5, leftUsd: 0 }, 7_200, message));
    expect(described).toEqual({ type: 'budget_exceeded', status: 429, message, retryAfterSeconds: 7_200 });
  });

  it('recognises overload as an HTTP 529 and as a mid-stream error event', () => {
    expect(describeUpstreamError(httpError(529, 'overloaded_error', 'Overloaded')).message).toMatch(/Claude is overloaded/);
    const midStream = new APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers(), 'overloaded_error');
    expect(describeUpstreamError(midStream)).toMatchObject({ type: 'overloaded', message: expect.stringMatching(/Claude is overloaded/) });
  });

  it("says it can't reach Anthropic on connection failures and timeouts", () => {
    expect(describeUpstreamError(new APIConnectionError({ message: 'ECONNREFUSED' })).message).toMatch(/^Can't reach Anthropic/);
    expect(describeUpstreamError(new APIConnectionTimeoutError()).message).toMatch(/^Can't reach Anthropic/);
  });

  it("passes on Anthropic's own message for a bad request", () => {
    expect(describeUpstreamError(httpError(400, 'invalid_request_error', 'max_tokens: too large')).message).toBe(
      'Anthropic rejected the request: max_tokens: too large',
    );
  });

  it('never repeats the API key, even when the upstream echoes it', () => {
    const key = 'sk-live-secret-value-123456';
    const described = describeUpstreamError(httpError(400, 'invalid_request_error', `bad key ${key}`), [key]);
    expect(described.message).not.toContain(key);
    expect(described.message).toContain('[redacted]');
  });

  it('gives a generic message for anything unexpected', () => {
    expect(describeUpstreamError(new TypeError('boom')).message).toMatch(/Try again/);
  });
});

describe('describeUpstreamError for dropped streams', () => {
  it("treats a connection cut mid-stream as can't reach Anthropic", () => {
    expect(describeUpstreamError(new TypeError('terminated')).type).toBe('upstream_unreachable');
  });
});

describe('isPrefillRefusal', () => {
  const badRequest = (message: string) => httpError(400, 'invalid_request_error', message);

  it('recognises the 400 of a model that takes no prefill, and nothing else', () => {
    expect(isPrefillRefusal(badRequest('This model does not support assistant message prefill. The conversation must end with a user message.'))).toBe(true);
    expect(isPrefillRefusal(badRequest('messages: final assistant content cannot end with trailing whitespace'))).toBe(false);
    expect(isPrefillRefusal(httpError(529, 'overloaded_error', 'prefill'))).toBe(false);
  });
});
