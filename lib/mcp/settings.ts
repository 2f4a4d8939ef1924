// The connectors a person sees in settings and in a chat's Connectors dialog: the operator's
// servers and their own, each with its state, and the tools they always allow. The page renders
// what was last known at once (`storedConnectorSettings`, no connection made); the browser then
// asks for the live state (`connectorSettings`), which connects to each server within the timeout.
import 'server-only';
import { env } from '../env';
import { listGrants, type ToolGrant } from './grants';
import { listServerStates } from './servers';
import type { ServerState } from './types';
import { listUserServers, userServerDefinitions, type UserServer } from './user-servers';

/** A server whose state is not known yet: the page shows it while it checks. */
type UncheckedServer = Pick<ServerState, 'key' | 'title' | 'origin' | 'url' | 'transport'> & { state: 'unknown' };

export type ServerListing = ServerState | UncheckedServer;

/** Live (`ServerState`), or as last known (`ServerListing`). */
export type ConnectorSettings<Server extends ServerListing = ServerListing> = {
  servers: Server[];
  canAddServers: boolean;
  /** The tools that run without asking ("Always allow"). */
  alwaysAllowed: ToolGrant[];
};

/** A person's server as its stored row last knew it. */
export function userServerListing(server: UserServer): ServerListing {
  const base = { key: `user:${server.id}` as const, title: server.name, origin: 'user' as const, url: server.url, transport: 'remote' as const };
  switch (server.status) {
    case 'needs_authorization':
      return { ...base, state: 'needs_authorization' };
    case 'error':
      return { ...base, state: 'error', error: server.lastError ?? 'The last connection failed.' };
    // Which tools a connected server offers is not stored: it is checked again.
    case 'connected':
    case 'unknown':
      return { ...base, state: 'unknown' };
  }
}

/** What settings shows before it has checked anything: configuration and the stored rows. */
export async function storedConnectorSettings(ownerId: string): Promise<ConnectorSettings> {
  const operator = Object.entries(env.mcpServers).map(([name, server]): ServerListing => {
    const base = { key: `op:${name}` as const, title: server.title ?? name, origin: 'operator' as const };
    return 'url' in server ? { ...base, transport: 'remote', state: 'unknown' } : { ...base, transport: 'stdio', state: 'unknown' };
  });
  const [own, alwaysAllowed] = await Promise.all([env.RILL_MCP_USER_SERVERS ? listUserServers(ownerId) : [], listGrants(ownerId)]);
  return { servers: [...operator, ...own.map(userServerListing)], canAddServers: env.RILL_MCP_USER_SERVERS, alwaysAllowed };
}

/** Each server's live state (connected with its tools, needs authorization, or the error), and the tools always allowed. */
export async function connectorSettings(ownerId: string): Promise<ConnectorSettings<ServerState>> {
  const [servers, alwaysAllowed] = await Promise.all([listServerStates(ownerId, await userServerDefinitions(ownerId)), listGrants(ownerId)]);
  return { servers, canAddServers: env.RILL_MCP_USER_SERVERS, alwaysAllowed };
}
