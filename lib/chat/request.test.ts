import { describe, expect, it } from 'vitest';
import { describeValidationError } from '../http/input';
import { chatRequestSchema, refusedByPolicy, type ChatPolicy, type ChatRequest } from './request';

const valid = {
  id: 'conversation-0001',
  message: { id: 'message-0001', role: 'user', parts: [{ type: 'text', text: 'Hello' }] },
  trigger: 'submit-message',
};

function problem(body: unknown): string {
  const result = chatRequestSchema.safeParse(body);
  if (result.success) throw new Error('expected a validation error');
  return describeValidationError(result.error);
}

describe('chat request validation', () => {
  it('takes the connectors and tools switched off, a tool by whatever name its server gives it, and nothing else', () => {
    const off = ['op:notes', 'user:abc123', 'op:notes/add_note', 'user:abc123/odd.name/with spaces'];
    expect(chatRequestSchema.safeParse({ ...valid, connectorsOff: off }).success).toBe(true);
    for (const bad of ['notes', 'op:', 'op:../x', 'admin:notes', 'op:notes/', `op:notes/${'x'.repeat(129)}`, 'op:notes/line\nbreak']) {
      expect(problem({ ...valid, connectorsOff: [bad] }), bad).toContain('connectorsOff.0: not a connector or connector tool');
    }
    expect(problem({ ...valid, connectorsOff: Array.from({ length: 501 }, () => 'op:notes') })).toContain('connectorsOff');
  });

  it('accepts the body the chat sends, with the options Rill exposes', () => {
    const result = chatRequestSchema.safeParse({
      ...valid,
      model: 'claude-sonnet-5-5',
      system: 'Be brief.',
      maxTokens: 1024,
      thinking: { enabled: true, budgetTokens: 8192 },
      webSearch: false,
      effort: 'medium',
      cacheTtl: '1h',
    });
    expect(result.success).toBe(true);
  });

  it('takes the message the new one follows: an id, null for a first message, or none for the end of the branch', () => {
    for (const parentId of ['message-0000', null, undefined]) {
      expect(chatRequestSchema.safeParse({ ...valid, parentId }).success, String(parentId)).toBe(true);
    }
  });

  it.each([
    [{ ...valid, id: undefined }, /^id: /],
    [{ ...valid, id: '../../etc' }, /id: not a valid id/],
    [{ ...valid, message: { ...valid.message, role: 'assistant' } }, /message\.role/],
    [{ ...valid, message: { ...valid.message, parts: [{ type: 'text', text: 42 }] } }, /message\.parts\.0\.text/],
    [{ ...valid, message: { ...valid.message, parts: [{ type: 'text', text: ' \n ' }] } }, /the message has no text/],
    [{ ...valid, message: { ...valid.message, parts: [] } }, /message\.parts/],
    [{ ...valid, model: 'claude sonnet; rm -rf' }, /model: not a valid model id/],
    [{ ...valid, parentId: '../m' }, /parentId: not a valid id/],
    [{ ...valid, parentId: 42 }, /parentId/],
    [{ ...valid, maxTokens: 0 }, /maxTokens/],
    [{ ...valid, maxTokens: 1.5 }, /maxTokens/],
    [{ ...valid, thinking: { enabled: true, budgetTokens: 10 } }, /thinking\.budgetTokens/],
    [{ ...valid, system: 'x'.repeat(20_001) }, /system/],
    [{ ...valid, effort: 'extreme' }, /effort/],
    [{ ...valid, cacheTtl: '24h' }, /cacheTtl/],
    ['not an object', /body/],
  ])('rejects %# with a message naming the field', (body, expected) => {
    expect(problem(body)).toMatch(expected);
  });
});

describe('attachments in the chat request', () => {
  const file = { type: 'file', mediaType: 'image/png', filename: 'cat.png', url: '/api/attachments/0b7d3c5e-2f41-4a8e-9c1d-6e5f4a3b2c1d' };

  it('accepts file parts that point at Rill attachments, with or without text', () => {
    expect(chatRequestSchema.safeParse({ ...valid, message: { ...valid.message, parts: [file, { type: 'text', text: 'Hi' }] } }).success).toBe(true);
    expect(chatRequestSchema.safeParse({ ...valid, message: { ...valid.message, parts: [file, { type: 'text', text: '' }] } }).success).toBe(true);
  });

  it.each(['https://evil.example/cat.png', 'data:image/png;base64,iVBORw0KGgo=', '/api/attachments/../../etc/passwd', 'file:///etc/passwd'])(
    'refuses a file part whose url is %s',
    (url) => {
      expect(problem({ ...valid, message: { ...valid.message, parts: [{ ...file, url }, { type: 'text', text: 'Hi' }] } })).toMatch(
        /message\.parts\.0\.url: not an attachment of this conversation/,
      );
    },
  );
});

describe('the operator\'s policy', () => {
  const request = chatRequestSchema.parse(valid);
  const policy: ChatPolicy = { models: ['claude-sonnet-5-5', 'claude-haiku-5-5'], webTools: false };
  const refusal = (extra: Partial<ChatRequest>, given = policy) => refusedByPolicy({ ...request, ...extra }, given);

  it('refuses a model outside the allow-list, naming the models it offers', () => {
    expect(refusal({ model: 'claude-opus-5-5' })).toEqual({
      type: 'model_not_allowed',
      message: expect.stringContaining('claude-sonnet-5-5, claude-haiku-5-5'),
    });
    expect(refusal({ model: 'claude-haiku-5-5' })).toBeUndefined();
    // Without a model the request gets the default, which is always allowed.
    expect(refusal({})).toBeUndefined();
    expect(refusal({ model: 'claude-opus-5-5' }, { ...policy, models: 'any' })).toBeUndefined();
  });

  it('refuses web search unless the operator turned the web tools on', () => {
    expect(refusal({ webSearch: true })?.type).toBe('web_tools_disabled');
    expect(refusal({ webSearch: false })).toBeUndefined();
    expect(refusal({ webSearch: true }, { ...policy, webTools: true })).toBeUndefined();
  });
});
