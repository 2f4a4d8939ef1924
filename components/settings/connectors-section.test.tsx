import React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ConnectorSettings } from '@/lib/mcp';
import { ConnectorsSection } from './connectors-section';

const servers: ConnectorSettings['servers'] = [{ key: 'op:notes', title: 'Team notes', origin: 'operator', url: 'http://127.0.0.1:4325/mcp', transport: 'remote', state: 'unknown' }];

describe('ConnectorsSection', () => {
  it('offers the Add a connector form only where people may add their own', () => {
    expect(renderToStaticMarkup(<ConnectorsSection initial={{ servers, canAddServers: true, alwaysAllowed: [] }} />)).toContain('Add a connector');
    const off = renderToStaticMarkup(<ConnectorsSection initial={{ servers, canAddServers: false, alwaysAllowed: [] }} />);
    expect(off).not.toContain('Add a connector');
    expect(off).toContain('Team notes');
  });

  it('shows what an authorization came back with as an alert, as text', () => {
    const html = renderToStaticMarkup(<ConnectorsSection initial={{ servers: [], canAddServers: true, alwaysAllowed: [] }} initialError="<b>The authorization was declined.</b>" />);
    expect(html).toContain('<p role="alert" class="text-danger">&lt;b&gt;The authorization was declined.&lt;/b&gt;</p>');
    expect(html).toContain('No connectors yet.');
  });
});
