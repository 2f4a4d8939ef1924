import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ServerListing } from '@/lib/mcp';
import { ConnectorItem } from './connector-item';

const noop = async () => {};

/** The item as a reader meets it: its text, and the names of its buttons. */
function render(server: ServerListing) {
  const html = renderToStaticMarkup(<ConnectorItem server={server} onAuthorize={noop} onRemove={noop} />);
  const buttons = [...html.matchAll(/<button([^>]*)>([^<]*)<\/button>/g)].map(([, attributes = '', text]) => /aria-label="([^"]*)"/.exec(attributes)?.[1] ?? text);
  return { text: html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(), buttons };
}

const own = { key: 'user:abcdefgh12345678', title: 'My notes', origin: 'user', url: 'https://notes.example/mcp', transport: 'remote' } as const;

describe('ConnectorItem', () => {
  it('shows a connected server with its tools’ names', () => {
    const { text, buttons } = render({
      ...own,
      state: 'connected',
      tools: [
        { name: 'add_note', readOnly: false, destructive: false },
        { name: 'lookup_note', readOnly: true, destructive: false },
      ],
    });
    expect(text).toBe('My notes https://notes.example/mcp Connected · Tools: add_note, lookup_note Remove');
    expect(buttons).toEqual(['Remove My notes']);
  });

  it('offers Authorize for a server that needs it', () => {
    const { text, buttons } = render({ ...own, state: 'needs_authorization' });
    expect(text).toContain('Needs authorization');
    expect(buttons).toEqual(['Authorize', 'Remove My notes']);
  });

  it('says why a server failed', () => {
    expect(render({ ...own, state: 'error', error: 'HTTP 500 from the server' }).text).toContain('Error: HTTP 500 from the server');
  });

  it('marks the operator’s servers, which the person cannot remove', () => {
    const { text, buttons } = render({ key: 'op:notes', title: 'Team notes', origin: 'operator', url: 'http://127.0.0.1:4325/mcp', transport: 'remote', state: 'unknown' });
    expect(text).toBe('Team notes Provided by this Rill http://127.0.0.1:4325/mcp Checking…');
    expect(buttons).toEqual([]);
  });
});
