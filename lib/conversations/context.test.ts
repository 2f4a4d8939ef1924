import { describe, expect, it } from 'vitest';
import { contextUse, trimPoint } from './context';

const text = (chars: number) => [{ type: 'text', text: 'x'.repeat(chars) }];
const usage = (input: number, output: number) => ({ inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0 });

describe('context use', () => {
  it("uses the last model call's exact usage, plus an estimate for what came after", () => {
    const messages = [
      { role: 'user' as const, parts: text(400) },
      { role: 'assistant' as const, parts: text(400), metadata: { steps: [{ usage: usage(50, 10) }, { usage: usage(700, 100) }] } },
      { role: 'user' as const, parts: text(373) },
    ];
    const use = contextUse(messages, 1_000);
    // 373 characters of text are 400 characters of JSON, about 100 tokens.
    expect(use.tokens).toBe(800 + 100);
    expect(use.nearLimit).toBe(true);
    expect(contextUse(messages, 10_000).nearLimit).toBe(false);
  });

  it('falls back to the estimate once earlier turns were trimmed away', () => {
    const answer = { role: 'assistant' as const, parts: text(373), metadata: { promptMessages: 5, steps: [{ usage: usage(900, 100) }] } };
    expect(contextUse([{ role: 'user', parts: text(373) }, answer], 1_000).tokens).toBe(200);
  });

  it('estimates from the text when nothing was answered yet', () => {
    expect(contextUse([{ role: 'user', parts: text(373) }], 1_000).tokens).toBe(100);
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
