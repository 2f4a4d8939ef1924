import { describe, expect, it } from 'vitest';
import { errorResponse } from './responses';

describe('errorResponse', () => {
  it('says a wait twice, in the body beside the message and as Retry-After', async () => {
    const response = errorResponse(429, 'rate_limited', "You're sending requests too quickly.", { retryAfterSeconds: 12 });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('12');
    expect(await response.json()).toEqual({ error: { type: 'rate_limited', message: "You're sending requests too quickly.", retryAfterSeconds: 12 } });
  });

  it('says nothing of a wait there is not', async () => {
    const response = errorResponse(400, 'invalid_request', 'Bad.', { retryAfterSeconds: 0 });
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual({ error: { type: 'invalid_request', message: 'Bad.' } });
  });
});
