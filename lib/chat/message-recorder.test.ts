import { describe, expect, it } from 'vitest';
import { recordUIMessage } from './message-recorder';

describe('recordUIMessage', () => {
  it('rebuilds the message the browser renders from the same chunks', async () => {
    const recorder = recordUIMessage();
    recorder.write({ type: 'start', messageId: 'assistant-1', messageMetadata: { model: 'claude-test' } });
    recorder.write({ type: 'start-step' });
    recorder.write({ type: 'text-start', id: 'p0' });
    recorder.write({ type: 'text-delta', id: 'p0', delta: '  Hello, ' });
    recorder.write({ type: 'text-delta', id: 'p0', delta: 'world 👋' });
    recorder.write({ type: 'text-end', id: 'p0' });
    recorder.write({ type: 'tool-input-start', toolCallId: 'toolu_1', toolName: 'calculate' });
    recorder.write({ type: 'tool-input-available', toolCallId: 'toolu_1', toolName: 'calculate', input: { expression: '1+1' } });
    recorder.write({ type: 'tool-output-available', toolCallId: 'toolu_1', output: { result: '2' }, toolMetadata: { durationMs: 3 } });
    recorder.write({ type: 'message-metadata', messageMetadata: { usage: { inputTokens: 5, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 } } });
    const message = await recorder.finish();
    expect(message).toMatchObject({
      id: 'assistant-1',
      role: 'assistant',
      metadata: { model: 'claude-test', usage: { inputTokens: 5, outputTokens: 7 } },
      parts: [
        { type: 'step-start' },
        { type: 'text', text: '  Hello, world 👋', state: 'done' },
        { type: 'tool-calculate', toolCallId: 'toolu_1', state: 'output-available', output: { result: '2' }, toolMetadata: { durationMs: 3 } },
      ],
    });
  });

  it('merges consecutive deltas without changing the message, and shows it as it stands at any point', async () => {
    const recorder = recordUIMessage();
    expect(await recorder.current()).toBeUndefined();
    recorder.write({ type: 'start', messageId: 'assistant-3' });
    recorder.write({ type: 'reasoning-start', id: 'r0' });
    recorder.write({ type: 'reasoning-delta', id: 'r0', delta: 'Think ' });
    recorder.write({ type: 'reasoning-delta', id: 'r0', delta: 'twice.' });
    recorder.write({ type: 'reasoning-end', id: 'r0' });
    recorder.write({ type: 'text-start', id: 'p0' });
    recorder.write({ type: 'text-delta', id: 'p0', delta: 'One, ' });
    expect((await recorder.current())?.parts.at(-1)).toEqual({ type: 'text', text: 'One, ', state: 'streaming' });
    recorder.write({ type: 'text-delta', id: 'p0', delta: 'two, ' });
    recorder.write({ type: 'text-delta', id: 'p0', delta: 'three.', providerMetadata: { test: { seen: true } } });
    recorder.write({ type: 'text-end', id: 'p0' });
    const message = await recorder.finish();
    expect(message?.parts).toMatchObject([
      { type: 'reasoning', text: 'Think twice.', state: 'done' },
      { type: 'text', text: 'One, two, three.', state: 'done', providerMetadata: { test: { seen: true } } },
    ]);
    recorder.write({ type: 'text-delta', id: 'p0', delta: 'ignored after finish' });
    expect(await recorder.current()).toBe(message);
  });

  it('keeps a partial message when the stream is cut short', async () => {
    const recorder = recordUIMessage();
    recorder.write({ type: 'start', messageId: 'assistant-2' });
    recorder.write({ type: 'text-start', id: 'p0' });
    recorder.write({ type: 'text-delta', id: 'p0', delta: 'Partial' });
    const message = await recorder.finish();
    expect(message?.parts).toEqual([{ type: 'text', text: 'Partial', state: 'streaming' }]);
  });
});
