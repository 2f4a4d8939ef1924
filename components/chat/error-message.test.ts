import { describe, expect, it } from 'vitest';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { describeChatError, unansweredFailure } from './error-message';

const answer = (metadata: RillUIMessage['metadata']): RillUIMessage => ({ id: 'a', role: 'assistant', parts: [], metadata });
const question = (metadata?: RillUIMessage['metadata']): RillUIMessage => ({ id: 'u', role: 'user', parts: [{ type: 'text', text: 'Hi' }], ...(metadata ? { metadata } : {}) });

describe('describeChatError', () => {
  it("reads Rill's error body: a wait to count down before Retry", () => {
    const error = new Error('{"error":{"type":"rate_limited","message":"Claude is rate limited.","retryAfterSeconds":7}}');
    expect(describeChatError(error, question())).toEqual({ message: 'Claude is rate limited.', retryable: true, operator: false, retryAfterSeconds: 7 });
  });

  it('offers no Retry, and no countdown, for what only the operator or the next day can fix', () => {
    const key = new Error('{"error":{"type":"upstream_authentication","message":"Set a valid ANTHROPIC_API_KEY."}}');
    expect(describeChatError(key, question())).toEqual({ message: 'Set a valid ANTHROPIC_API_KEY.', retryable: false, operator: true });
    const budget = new Error('{"error":{"type":"budget_exceeded","message":"It resets at 00:00 UTC.","retryAfterSeconds":3600}}');
    expect(describeChatError(budget, question())).toEqual({ message: 'It resets at 00:00 UTC.', retryable: false, operator: false });
  });

  it("takes a mid-answer error's kind from the answer it ended", () => {
    expect(describeChatError(new Error('Anthropic rejected the API key.'), answer({ stopReason: 'error', errorType: 'upstream_authentication' }))).toMatchObject({
      message: 'Anthropic rejected the API key.',
      retryable: false,
    });
    expect(describeChatError(new Error('Claude is overloaded right now.'), answer({ stopReason: 'error', errorType: 'overloaded' })).retryable).toBe(true);
  });

  it('says when the browser cannot reach Rill', () => {
    expect(describeChatError(new TypeError('Failed to fetch'), question()).message).toBe("Can't reach the Rill server. Check your connection and try again.");
  });
});

describe('unansweredFailure', () => {
  it('shows the error saved with the message, or that no answer was saved', () => {
    expect(unansweredFailure(question({ errorType: 'overloaded', errorText: 'Claude is overloaded right now.' }))).toEqual({
      message: 'Claude is overloaded right now.',
      retryable: true,
      operator: false,
    });
    expect(unansweredFailure(question({ errorType: 'upstream_permission', errorText: 'Refused.' })).retryable).toBe(false);
    expect(unansweredFailure(question()).message).toBe('No answer was saved for this message.');
  });
});
