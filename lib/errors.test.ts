import { describe, expect, it } from 'vitest';
import { errorResponse, parseErrorBody } from './errors';

describe('errorResponse', () => {
  it('says a wait twice, in the body beside the message and as Retry-After', async () => {
    const response = errorResponse({ type: 'rate_limited', message: "You're sending requests too quickly.", retryAfterSeconds: 12 });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('12');
    expect(await response.json()).toEqual({ error: { type: 'rate_limited', message: "You're sending requests too quickly.", retryAfterSeconds: 12 } });
  });

  it('says nothing of a wait there is not', async () => {
    const response = errorResponse({ type: 'invalid_request', message: 'Bad.', retryAfterSeconds: 0 });
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual({ error: { type: 'invalid_request', message: 'Bad.' } });
  });
});

describe('parseErrorBody', () => {
  it("reads Rill's error body, and nothing else", () => {
    expect(parseErrorBody('{"error":{"type":"overloaded","message":"Busy.","retryAfterSeconds":5}}')).toEqual({ type: 'overloaded', message: 'Busy.', retryAfterSeconds: 5 });
    expect(parseErrorBody('{"error":{"type":"x","message":"M","retryAfterSeconds":-1}}')).toEqual({ type: 'x', message: 'M' });
    expect(parseErrorBody('Claude is overloaded right now.')).toBeUndefined();
    expect(parseErrorBody('{not json')).toBeUndefined();
    expect(parseErrorBody('{"error":{"message":"no type"}}')).toBeUndefined();
  });
});
