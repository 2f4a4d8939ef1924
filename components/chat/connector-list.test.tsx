import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ServerState } from '@/lib/mcp/types';
import { ConnectorList, switchConnector, toolKey } from './connector-list';

const notes: ServerState = {
  key: 'op:notes',
  title: 'Team notes',
  origin: 'operator',
  url: 'http://127.0.0.1:4325/mcp',
  transport: 'remote',
  state: 'connected',
  tools: [
    { name: 'lookup_note', readOnly: true, destructive: false },
    { name: 'add_note', readOnly: false, destructive: false },
  ],
};
const broken: ServerState = { key: 'user:abc123', title: 'My tracker', origin: 'user', url: 'https://tracker.example/mcp', transport: 'remote', state: 'error', error: 'Connection refused' };

/** Each switch as a reader meets it: its label, whether it is on, whether it can be changed. */
function switches(servers: ServerState[], off: string[]) {
  const html = renderToStaticMarkup(<ConnectorList servers={servers} off={off} onChange={() => {}} />);
  return [...html.matchAll(/<label[^>]*><input([^>]*)\/?>(.*?)<\/label>/g)].map(([, attributes, label]) => ({
    label: label!.replace(/<[^>]+>/g, ''),
    on: /checked=""/.test(attributes!),
    disabled: /disabled=""/.test(attributes!),
  }));
}

describe('the chat’s connector switches', () => {
  it('are all on by default: each server, and each tool of a connected one', () => {
    expect(switches([notes, broken], [])).toEqual([
      { label: 'Team notes', on: true, disabled: false },
      { label: 'lookup_note', on: true, disabled: false },
      { label: 'add_note', on: true, disabled: false },
      { label: 'My tracker', on: true, disabled: false },
    ]);
  });

  it("show a tool switched off, and a server's tools greyed out (kept as they were) while it is off", () => {
    expect(switches([notes], [toolKey('op:notes', 'add_note')]).map(({ on }) => on)).toEqual([true, true, false]);
    expect(switches([notes], ['op:notes', toolKey('op:notes', 'add_note')])).toEqual([
      { label: 'Team notes', on: false, disabled: false },
      { label: 'lookup_note', on: true, disabled: true },
      { label: 'add_note', on: false, disabled: true },
    ]);
  });

  it("say each server's state", () => {
    const html = renderToStaticMarkup(<ConnectorList servers={[notes, broken]} off={[]} onChange={() => {}} />);
    expect(html).toContain('Connected · 2 tools');
    expect(html).toContain('Not available: Connection refused');
  });

  it('say so when there is no server', () => {
    expect(renderToStaticMarkup(<ConnectorList servers={[]} off={[]} onChange={() => {}} />)).toContain('No connectors yet');
  });

  it('switch a key off once and back on', () => {
    const off = switchConnector(['op:notes'], 'user:abc123/sync', false);
    expect(off).toEqual(['op:notes', 'user:abc123/sync']);
    expect(switchConnector(off, 'user:abc123/sync', false)).toEqual(off);
    expect(switchConnector(off, 'op:notes', true)).toEqual(['user:abc123/sync']);
  });
});
