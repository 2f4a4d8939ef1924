import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { MessageUsage } from './message-usage';

/** The page's text as a reader meets it: tags dropped, hidden parts kept apart by `hidden`. */
function render(message: RillUIMessage) {
  const html = renderToStaticMarkup(<MessageUsage message={message} />);
  const [summary = '', details = ''] = html.split(/<dl\b/);
  const text = (fragment: string) => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return { html, summary: text(summary), details: text(details.replace(/^[^>]*>/, '')), detailsHidden: /<dl[^>]*\shidden=""/.test(html) };
}

const usage = { inputTokens: 1509, outputTokens: 985, cacheReadTokens: 1999, cacheWriteTokens: 509 };
const finished: RillUIMessage = {
  id: 'a',
  role: 'assistant',
  parts: [{ type: 'text', text: 'Done.' }],
  metadata: { model: 'claude-sonnet-5-5', usage, usageFinal: true, firstTokenMs: 20, durationMs: 5020 },
};

describe('MessageUsage', () => {
  it('sums up a finished answer in one line: every token, the cost and the speed', () => {
    const { summary } = render(finished);
    // 1,509 + 1,999 + 509 + 985 tokens; 985 tokens over the 5 s after the first one.
    expect(summary).toBe('5,002 tokens · $0.01 · 197 tok/s');
  });

  it('keeps the full breakdown in a hidden list that the line opens', () => {
    const { html, details, detailsHidden } = render(finished);
    expect(detailsHidden).toBe(true);
    expect(html).toMatch(/<button type="button" aria-expanded="false" aria-controls="([^"]+)"[^>]*>.*<dl id="\1"/);
    expect(details).toBe('Input 1,509 Cache read 1,999 Cache write 509 Output 985 First token 20 ms Speed 197 tokens/s Cost $0.01');
  });

  it('marks estimates while the answer streams, and shows no speed until the exact count is in', () => {
    const streaming: RillUIMessage = {
      ...finished,
      parts: [{ type: 'text', text: 'x'.repeat(400) }],
      metadata: { model: 'claude-sonnet-5-5', usage: { ...usage, outputTokens: 1 }, firstTokenMs: 20 },
    };
    const { summary, details } = render(streaming);
    expect(summary).toBe('≈4,117 tokens · ≈$0.0057');
    expect(details).toContain('Output ≈100');
    expect(details).not.toContain('Speed');
  });

  it('lists each step of an answer that took several model calls', () => {
    const step = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const { html, details } = render({ ...finished, metadata: { ...finished.metadata, steps: [{ usage: step }, { usage: step }] } });
    expect(html).toContain('data-steps="2"');
    expect(details).toContain('Steps step 1: 10 in, 5 out · step 2: 10 in, 5 out');
  });
});
