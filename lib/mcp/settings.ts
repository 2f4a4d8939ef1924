// The connectors a person sees in settings: the operator's servers and their own, with what Rill
// last knew of each. Read from configuration and the stored rows, without connecting.
import 'server-only';
import { env } from '../env';
import type { ServerState } from './types';
import { listUserServers, type UserServer } from './user-servers';

/** A server nothing has connected to yet: its state is not known. */
type UncheckedServer = Pick<ServerState, 'key' | 'title' | 'origin' | 'url' | 'transport'> & { state: 'unknown' };

export type ServerListing = ServerState | UncheckedServer;

export type ConnectorSettings = { servers: ServerListing[]; canAddServers: boolean };

/** A person's server as its stored row last knew it. */
export function userServerListing(server: UserServer): ServerListing {
  const base = { key: `user:${server.id}` as const, title: server.name, origin: 'user' as const, url: server.url, transport: 'remote' as const };
  switch (server.status) {
    case 'connected':
      return { ...base, state: 'connected', tools: [] };
    case 'needs_authorization':
      return { ...base, state: 'needs_authorization' };
    case 'error':
      return { ...base, state: 'error', error: server.lastError ?? 'The last connection failed.' };
    case 'unknown':
      return { ...base, state: 'unknown' };
  }
}

export async function serverStatesFor(ownerId: string): Promise<ConnectorSettings> {
  const operator = Object.entries(env.mcpServers).map(([name, server]): ServerListing => {
    const base = { key: `op:${name}` as const, title: server.title ?? name, origin: 'operator' as const };
    return 'url' in server ? { ...base, url: server.url, transport: 'remote', state: 'unknown' } : { ...base, transport: 'stdio', state: 'unknown' };
  });
  const own = env.RILL_MCP_USER_SERVERS ? await listUserServers(ownerId) : [];
  return { servers: [...operator, ...own.map(userServerListing)], canAddServers: env.RILL_MCP_USER_SERVERS };
}
