import { expect, it, vi } from 'vitest';

// An operator who turns people's own servers off (RILL_MCP_USER_SERVERS=off).
vi.hoisted(() => {
  process.env.RILL_MCP_USER_SERVERS = 'off';
});
vi.mock('../db/client', () => ({
  getDatabase: () => {
    throw new Error('nothing is read or written when people may not add servers');
  },
}));

const { addUserServer, userServerDefinitions } = await import('./user-servers');

it('refuses to add a server, and offers none to connect to', async () => {
  expect(await addUserServer('owner-1', { name: 'Notes', url: 'https://example.com/mcp' })).toMatchObject({
    ok: false,
    problem: { type: 'connectors_disabled' },
  });
  expect(await userServerDefinitions('owner-1')).toEqual([]);
});
