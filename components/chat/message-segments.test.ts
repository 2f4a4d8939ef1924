import { describe, expect, it } from 'vitest';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { messageSegments, showsContent } from './message-segments';

describe('messageSegments', () => {
  it('joins the text parts Claude split around citations, numbering each source once', () => {
    const parts: RillUIMessage['parts'] = [
      { type: 'step-start' },
      { type: 'text', text: 'According to the docs, ' },
      { type: 'text', text: 'streams use SSE' },
      { type: 'data-citations', id: 'c1', data: { textPartId: 'p1', citations: [{ url: 'https://example.com/docs', title: 'Docs' }] } },
      { type: 'text', text: ' and ' },
      { type: 'text', text: 'tokens arrive live' },
      {
        type: 'data-citations',
        id: 'c2',
        data: { textPartId: 'p3', citations: [{ url: 'https://example.com/docs', title: 'Docs' }, { url: 'https://example.com/b', title: 'B' }] },
      },
      { type: 'text', text: '.' },
    ];
    const { segments, sources } = messageSegments(parts);
    expect(segments).toEqual([
      {
        kind: 'markdown',
        key: 'text-1',
        text: 'According to the docs, streams use SSE [[1]](https://example.com/docs) and tokens arrive live [[1]](https://example.com/docs) [[2]](https://example.com/b).',
      },
    ]);
    expect(sources).toEqual([
      { number: 1, url: 'https://example.com/docs', title: 'Docs' },
      { number: 2, url: 'https://example.com/b', title: 'B' },
    ]);
  });

  it('keeps thinking and tool calls between the text they separate, in order', () => {
    const { segments } = messageSegments([
      { type: 'reasoning', text: 'hmm', state: 'done' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-calculate', toolCallId: 't1', state: 'input-available', input: { expression: '1+1' } },
      { type: 'tool-get_current_time', toolCallId: 't2', state: 'input-streaming', input: undefined },
      { type: 'step-start' },
      { type: 'text', text: 'Done.' },
    ] as RillUIMessage['parts']);
    expect(segments.map((s) => s.kind)).toEqual(['reasoning', 'markdown', 'tool', 'tool', 'markdown']);
  });
});

describe('showsContent', () => {
  const answer = (parts: RillUIMessage['parts']): RillUIMessage => ({ id: 'a', role: 'assistant', parts });

  it('counts a tool card as something shown, whether the tool is Rill’s, Claude’s or an MCP server’s', () => {
    expect(showsContent(answer([{ type: 'step-start' }]))).toBe(false);
    expect(showsContent(answer([{ type: 'tool-calculate', toolCallId: 't1', state: 'input-available', input: { expression: '1+1' } }]))).toBe(true);
    expect(
      showsContent(
        answer([{ type: 'dynamic-tool', toolName: 'notes__add_note', title: 'Team notes', toolCallId: 't2', state: 'approval-requested', input: {}, approval: { id: 'approval-1' } }]),
      ),
    ).toBe(true);
  });
});
