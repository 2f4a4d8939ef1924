import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RillToolPart } from '@/lib/protocol/message-metadata';
import { ToolApprovalConversation } from './tool-approval-context';
import { ToolCallCard } from './tool-call-card';

const call = { type: 'dynamic-tool', toolName: 'notes__add_note', title: 'Team notes', toolCallId: 'toolu_1', input: { text: 'hi' } } as const;
const approval = { id: 'approval-1' };

/** The card as the chat draws it (answerable), or as a shared page does. */
function render(part: RillToolPart, { answerable = true } = {}) {
  const card = <ToolCallCard part={part} />;
  const html = renderToStaticMarkup(answerable ? <ToolApprovalConversation value="conversation-1">{card}</ToolApprovalConversation> : card);
  const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  const buttons = [...html.matchAll(/<button[^>]*>(.*?)<\/button>/g)].map(([, inner]) => inner!.replace(/<[^>]+>/g, '').trim());
  return { html, text, buttons };
}

describe('ToolCallCard for an MCP tool', () => {
  it("names the call by its server's title and the tool's own name", () => {
    const { html, text } = render({ ...call, state: 'input-available' });
    expect(html).toContain('data-tool-server="Team notes"');
    expect(html).toContain('data-tool-name="notes__add_note"');
    expect(text).toMatch(/^▸ Team notes · add_note hi/);
  });

  it("keeps the name of Claude's own server tools, which have no server title", () => {
    const { html, text } = render({ type: 'dynamic-tool', toolName: 'web_search', toolCallId: 's1', state: 'input-available', input: { query: 'rill' } });
    expect(html).not.toContain('data-tool-server');
    expect(text).toMatch(/^▸ web_search rill/);
  });

  it('asks before it runs: open on its input, with Allow once, Always allow and Deny', () => {
    const { html, text, buttons } = render({ ...call, state: 'approval-requested', approval });
    expect(html).toContain('aria-expanded="true"');
    expect(text).toContain('waiting for approval');
    expect(text).toContain('Team notes wants to run add_note');
    expect(text).toContain('Input');
    expect(buttons.slice(1)).toEqual(['Allow once', 'Always allow', 'Deny']);
  });

  it('offers no answer on a page that cannot give one (a shared conversation)', () => {
    const { text, buttons } = render({ ...call, state: 'approval-requested', approval }, { answerable: false });
    expect(text).toContain('Team notes wants to run add_note');
    expect(text).toContain('Waiting for an answer.');
    expect(buttons).not.toContain('Allow once');
  });

  it('says it was allowed and runs, once the answer is in', () => {
    const { text, buttons } = render({ ...call, state: 'approval-responded', approval: { ...approval, approved: true } });
    expect(text).toContain('Allowed');
    expect(text).toContain('running');
    expect(buttons).not.toContain('Allow once');
  });

  it('reads "denied" when the person said no', () => {
    const { html, text } = render({ ...call, state: 'output-denied', approval: { ...approval, approved: false } });
    expect(html).toContain('data-tool-state="output-denied"');
    expect(html).toMatch(/<p class="[^"]*text-muted[^"]*">Denied<\/p>/);
    expect(text).toMatch(/add_note hi denied/);
  });
});
