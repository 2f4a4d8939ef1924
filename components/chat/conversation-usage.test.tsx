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
});
