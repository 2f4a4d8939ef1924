import { describe, expect, it } from 'vitest';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { markStopped, STOPPED_TOOL_ERROR } from './mark-stopped';

describe('markStopped', () => {
  it('marks the answer stopped, replacing a stop reason from an earlier step', () => {
    const message: RillUIMessage = { id: 'a', role: 'assistant', metadata: { stopReason: 'tool_use' }, parts: [{ type: 'text', text: 'Partial' }] };
    expect(markStopped(message)).toEqual({ ...message, metadata: { stopReason: 'stopped' } });
  });

  it('shows unfinished tool calls as stopped and leaves finished ones alone', () => {
    const message = {
      id: 'a',
      role: 'assistant',
      parts: [
        { type: 'tool-get_weather', toolCallId: 't1', state: 'input-available', input: { location: 'Slowtown' } },
        { type: 'tool-calculate', toolCallId: 't2', state: 'output-available', input: { expression: '1+1' }, output: { result: '2' } },
        { type: 'tool-calculate', toolCallId: 't3', state: 'input-streaming', input: undefined },
      ],
    } as RillUIMessage;
    const parts = markStopped(message).parts;
    expect(parts[0]).toMatchObject({ state: 'output-error', errorText: STOPPED_TOOL_ERROR, input: { location: 'Slowtown' } });
    expect(parts[1]).toBe(message.parts[1]);
    expect(parts[2]).toMatchObject({ state: 'output-error', input: {} });
  });
});
