import { describe, expect, it } from 'vitest';
import { contextUse, trimPoint } from './context';

const text = (chars: number) => [{ type: 'text', text: 'x'.repeat(chars) }];

describe('context use', () => {
  it('is near the limit from 80% of the window', () => {
    expect(contextUse(799, 1_000)).toEqual({ tokens: 799, ratio: 0.799, nearLimit: false });
    expect(contextUse(800, 1_000).nearLimit).toBe(true);
  });
});

describe('trimPoint', () => {
  const conversation = [
    { id: 'u1', role: 'user', parts: text(3_985) },
    { id: 'a1', role: 'assistant', parts: text(3_985) },
    { id: 'u2', role: 'user', parts: text(385) },
    { id: 'a2', role: 'assistant', parts: text(385) },
    { id: 'u3', role: 'user', parts: text(385) },
    { id: 'a3', role: 'assistant', parts: text(385) },
  ];

  it('keeps the newest turns that fit, starting with a user message', () => {
    expect(trimPoint(conversation, 300)).toBe('u3');
    expect(trimPoint(conversation, 1_000)).toBe('u2');
  });

  it('always keeps the latest exchange, and has nothing to trim in a one-exchange chat', () => {
    expect(trimPoint(conversation, 10)).toBe('u3');
    expect(trimPoint(conversation.slice(0, 2), 10)).toBeUndefined();
  });
});
