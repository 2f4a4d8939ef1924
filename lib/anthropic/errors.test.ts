import { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../budget';
import { canRetry, errorBody, needsOperator, statusOf } from '../errors';
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

  it('says when to try again after a 429, for the browser to count down', () => {
    const described = describeUpstreamError(httpError(429, 'rate_limit_error', 'slow down', { 'retry-after': '12' }));
    expect(described).toMatchObject({ retryAfterSeconds: 12, message: 'Claude is rate limited.' });
    expect(statusOf(described.type)).toBe(429);
    expect(errorBody(described)).toEqual({ error: { type: 'rate_limited', message: 'Claude is rate limited.', retryAfterSeconds: 12 } });
    expect(canRetry(described.type)).toBe(true);
    expect(describeUpstreamError(httpError(429, 'rate_limit_error', 'slow down')).message).toBe('Claude is rate limited. Try again in a minute.');
  });

  it('tells what the operator must do, and offers no Retry, when only the operator can fix it', () => {
    const cases = [
      [httpError(401, 'authentication_error', 'invalid x-api-key'), 'upstream_authentication', /ANTHROPIC_API_KEY/],
      [httpError(403, 'permission_error', 'no'), 'upstream_permission', /ANTHROPIC_API_KEY/],
      [httpError(400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API.'), 'upstream_billing', /add credit/],
      [httpError(402, 'billing_error', 'Payment required'), 'upstream_billing', /add credit/],
      [httpError(404, 'not_found_error', 'model: claude-nope'), 'upstream_model_not_found', /ANTHROPIC_MODEL and RILL_MODELS/],
    ] as const;
    for (const [error, type, message] of cases) {
      const described = describeUpstreamError(error);
      expect(described).toMatchObject({ type, message: expect.stringMatching(message) });
      expect(canRetry(described.type)).toBe(false);
      expect(needsOperator(described.type)).toBe(true);
    }
  });

  it('offers no Retry for a used-up budget, which is not the operator\'s to fix either', () => {
    const described = describeUpstreamError(new BudgetExceededError({ scope: 'identity', limitUsd: 1, leftUsd: 0 }, 60, 'You have used your budget.'));
    expect(canRetry(described.type)).toBe(false);
    expect(needsOperator(described.type)).toBe(false);
  });

  it('keeps Retry for what trying again can fix', () => {
    for (const error of [httpError(529, 'overloaded_error', 'Overloaded'), httpError(500, 'api_error', 'boom'), new APIConnectionError({ message: 'x' })]) {
      expect(canRetry(describeUpstreamError(error).type)).toBe(true);
    }
  });

  it('turns a used-up budget into a 429 that says when to come back', () => {
    const message = 'This Rill has used its budget of $5.00 for today, for everyone. It resets at 00:00 UTC, in 2 h.';
    const described = describeUpstreamError(new BudgetExceededError({ scope: 'total', limitUsd: 5, leftUsd: 0 }, 7_200, message));
    expect(described).toEqual({ type: 'budget_exceeded', message, retryAfterSeconds: 7_200 });
    expect(statusOf(described.type)).toBe(429);
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
