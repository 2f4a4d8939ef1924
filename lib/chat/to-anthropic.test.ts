import { describe, expect, it } from 'vitest';
import type { ChatRequestMessage } from './request';
import { toAnthropicMessages } from './to-anthropic';

const user = (id: string, text: string): ChatRequestMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const assistant = (id: string, ...texts: string[]): ChatRequestMessage => ({
  id,
  role: 'assistant',
  parts: [{ type: 'step-start' }, ...texts.map((text) => ({ type: 'text' as const, text }))],
});

describe('toAnthropicMessages', () => {
  it('keeps text exactly, including whitespace', () => {
    expect(toAnthropicMessages([user('1', '  two spaces\n\nand a blank line ')])).toEqual([
      { role: 'user', content: [{ type: 'text', text: '  two spaces\n\nand a blank line ' }] },
    ]);
  });

  it('drops an answer stopped before its first token, and merges the user turns around it', () => {
    expect(toAnthropicMessages([user('1', 'first'), assistant('2'), user('3', 'second')])).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] },
    ]);
  });

  it('alternates roles and starts with the user', () => {
    const result = toAnthropicMessages([assistant('0', 'stray'), user('1', 'q'), assistant('2', 'a'), user('3', 'q2')]);
    expect(result.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });
});
