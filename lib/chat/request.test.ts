import { describe, expect, it } from 'vitest';
import { chatRequestSchema, describeValidationError } from './request';

const valid = {
  id: 'chat-1',
  messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Hello' }] }],
  trigger: 'submit-message',
  messageId: undefined,
};

function problem(body: unknown): string {
  const result = chatRequestSchema.safeParse(body);
  if (result.success) throw new Error('expected a validation error');
  return describeValidationError(result.error);
}

describe('chat request validation', () => {
  it('accepts the body useChat sends, with the options Rill exposes', () => {
    const result = chatRequestSchema.safeParse({ ...valid, model: 'claude-sonnet-5-5', system: 'Be brief.', maxTokens: 1024 });
    expect(result.success).toBe(true);
  });

  it('accepts assistant turns with reasoning, step and tool parts', () => {
    const result = chatRequestSchema.safeParse({
      ...valid,
      messages: [
        { id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Weather?' }] },
        {
          id: 'm2',
          role: 'assistant',
          metadata: { usage: { inputTokens: 1 } },
          parts: [
            { type: 'step-start' },
            { type: 'reasoning', text: 'hmm', state: 'done', providerMetadata: { anthropic: { signature: 's' } } },
            { type: 'tool-get_weather', toolCallId: 't1', state: 'input-available', input: {} },
            { type: 'text', text: 'Sunny.', state: 'done' },
          ],
        },
        { id: 'm3', role: 'user', parts: [{ type: 'text', text: 'Thanks' }] },
      ],
    });
    expect(result.success).toBe(true);
  });

  it.each([
    [{ ...valid, id: undefined }, /^id: /],
    [{ ...valid, messages: [] }, /messages: send at least one message/],
    [{ ...valid, messages: [{ ...valid.messages[0], role: 'system' }] }, /messages\.0\.role/],
    [{ ...valid, messages: [{ ...valid.messages[0], parts: [{ type: 'text', text: 42 }] }] }, /messages\.0\.parts\.0/],
    [{ ...valid, messages: [{ id: 'a', role: 'assistant', parts: [] }] }, /last message must be from the user/],
    [{ ...valid, messages: [{ ...valid.messages[0], parts: [{ type: 'text', text: ' \n ' }] }] }, /the last message has no text/],
    [{ ...valid, model: 'claude sonnet; rm -rf' }, /model: not a valid model id/],
    [{ ...valid, maxTokens: 0 }, /maxTokens/],
    [{ ...valid, maxTokens: 1.5 }, /maxTokens/],
    [{ ...valid, system: 'x'.repeat(20_001) }, /system/],
    ['not an object', /body/],
  ])('rejects %# with a message naming the field', (body, expected) => {
    expect(problem(body)).toMatch(expected);
  });
});
