import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { McpPrompt } from '@/lib/mcp/types';
import { PromptMenu } from './prompt-menu';
import { matchingPrompts } from './use-mcp-prompts';

const summarize: McpPrompt = { serverKey: 'op:notes', serverTitle: 'Team notes', serverPrefix: 'notes', name: 'summarize_notes', description: 'Summarize the notes', arguments: [] };
const draft: McpPrompt = {
  serverKey: 'op:notes',
  serverTitle: 'Team notes',
  serverPrefix: 'notes',
  name: 'draft_note',
  title: 'Draft a note',
  arguments: [{ name: 'topic', required: true }],
};
const review: McpPrompt = { serverKey: 'user:abc123', serverTitle: 'Code host', serverPrefix: 'code-host', name: 'review', arguments: [] };
const prompts = [summarize, draft, review];

describe('matchingPrompts', () => {
  it('keeps every prompt for a bare /', () => {
    expect(matchingPrompts(prompts, '')).toEqual(prompts);
  });

  it('matches the command, the title, the description or the server, case aside', () => {
    expect(matchingPrompts(prompts, 'notes:DRA')).toEqual([draft]);
    expect(matchingPrompts(prompts, 'summarize THE')).toEqual([summarize]);
    expect(matchingPrompts(prompts, 'code host')).toEqual([review]);
    expect(matchingPrompts(prompts, 'nothing-like-it')).toEqual([]);
  });
});

describe('PromptMenu', () => {
  const render = (props: Partial<Parameters<typeof PromptMenu>[0]>) =>
    renderToStaticMarkup(<PromptMenu id="menu" list={{ state: 'ready', prompts }} options={prompts} active={0} onChoose={() => {}} {...props} />);

  it('shows each prompt as its command with its description (or title), the active one selected', () => {
    const html = render({ active: 1 });
    expect(html).toContain('role="listbox"');
    expect(html).toMatch(/id="menu-option-0" role="option" aria-selected="false"[^>]*><span[^>]*>\/notes:summarize_notes<\/span><span[^>]*> — Summarize the notes<\/span>/);
    expect(html).toMatch(/id="menu-option-1" role="option" aria-selected="true"[^>]*><span[^>]*>\/notes:draft_note<\/span><span[^>]*> — Draft a note<\/span>/);
    expect(html).toMatch(/id="menu-option-2" role="option" aria-selected="false"[^>]*><span[^>]*>\/code-host:review<\/span><\/li>/);
  });

  it('says when the prompts are loading, when there are none, when none matches, and why they could not be listed', () => {
    expect(render({ list: { state: 'loading' }, options: [] })).toContain('Loading prompts…');
    expect(render({ list: { state: 'ready', prompts: [] }, options: [] })).toContain('Your connectors offer no prompts.');
    expect(render({ options: [] })).toContain('No prompt matches.');
    expect(render({ list: { state: 'error', error: 'Rill is busy.' }, options: [] })).toMatch(/role="alert"[^>]*>Rill is busy\.<\/p>/);
  });
});
