import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { ConversationUsage } from './conversation-usage';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

const answer = (id: string): RillUIMessage => ({
  id,
  role: 'assistant',
  parts: [{ type: 'text', text: 'Done.' }],
  metadata: { model: 'claude-sonnet-5-5', usage: { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: 0 }, usageFinal: true },
});

describe('ConversationUsage', () => {
  it('reads like each answer: the tokens and cost of the whole conversation, then the details', () => {
    const html = renderToStaticMarkup(<ConversationUsage messages={[answer('a'), answer('b')]} streaming={false} budget={{ scope: 'identity', leftUsd: 0.02, limitUsd: 0.03 }} />);
    expect(text(/<button.*<\/button>/.exec(html)![0])).toBe('Conversation: 3,000 tokens · $0.01');
    expect(text(/<dl[^>]* hidden=""[^>]*>.*<\/dl>/.exec(html)![0])).toBe('Input 2,000 Output 1,000 Cost $0.01');
    expect(text(html)).toMatch(/\$0\.02 of \$0\.03 left today$/);
    expect(html).toContain('data-input-tokens="2000"');
  });

  it('shows the cache reads and writes, and what the cache saved, priced from the model', () => {
    const cached = (id: string, usage: { cacheReadTokens: number; cacheWriteTokens: number; cacheWrite1hTokens?: number }): RillUIMessage => ({
      ...answer(id),
      metadata: { model: 'claude-sonnet-5-5', usage: { inputTokens: 10, outputTokens: 0, ...usage }, usageFinal: true },
    });
    // Sonnet 5.5 ($2 in): 100,000 written for an hour (+$0.20 over input), then 100,000 read (−$0.18 each time).
    const html = renderToStaticMarkup(
      <ConversationUsage messages={[cached('a', { cacheReadTokens: 0, cacheWriteTokens: 100_000, cacheWrite1hTokens: 100_000 }), cached('b', { cacheReadTokens: 100_000, cacheWriteTokens: 0 }), cached('c', { cacheReadTokens: 100_000, cacheWriteTokens: 0 })]} streaming={false} budget={undefined} />,
    );
    expect(text(/<dl[^>]*>.*<\/dl>/.exec(html)![0])).toBe('Input 30 Cache read 200,000 Cache write 100,000 Output 0 Cost $0.44 Cache saved $0.16');
    expect(html).toMatch(/data-cache-saved-usd="0\.16\d*"/);

    const unread = renderToStaticMarkup(<ConversationUsage messages={[cached('a', { cacheReadTokens: 0, cacheWriteTokens: 100_000, cacheWrite1hTokens: 100_000 })]} streaming={false} budget={undefined} />);
    expect(text(/<dl[^>]*>.*<\/dl>/.exec(unread)![0])).toMatch(/Cache cost extra \$0\.20$/);
  });
});
