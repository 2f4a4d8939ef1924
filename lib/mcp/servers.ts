// The MCP servers a person may use: the operator's (env.mcpServers, shared by everyone) and,
// when people may add their own, theirs. Their state is what settings and the chat's connector
// menu show.
import 'server-only';
import { env } from '../env';
import type { OperatorMcpConfig } from './config';
import { McpConnectError } from './connection';
import { openServer, toolSummary } from './pool';
import type { McpServerDefinition, ServerKey, ServerState, ServerStatus } from './types';

/** The operator's servers as lib/mcp connects to them: trusted, so not behind the private-address guard. */
export function operatorServerDefinitions(servers: OperatorMcpConfig['mcpServers'] = env.mcpServers): McpServerDefinition[] {
  return Object.entries(servers).map(([name, server]): McpServerDefinition => {
    const common = { key: `op:${name}` as ServerKey, title: server.title ?? name, origin: 'operator' as const, toolPrefix: name, guarded: false };
    if ('command' in server) {
      return { ...common, spec: { kind: 'stdio', command: server.command, args: server.args, env: server.env, cwd: server.cwd } };
    }
    return { ...common, spec: { kind: 'remote', url: server.url, transport: server.transport, headers: server.headers } };
  });
}

/** Every server one person may use: the operator's first, then theirs (`userServerDefinitions` in ./user-servers) unless the operator turned those off. */
export function serverDefinitions(userDefinitions: readonly McpServerDefinition[]): McpServerDefinition[] {
  return [...operatorServerDefinitions(), ...(env.RILL_MCP_USER_SERVERS ? userDefinitions : [])];
}

async function statusOf(ownerId: string, def: McpServerDefinition): Promise<ServerStatus> {
  try {
    const { tools } = await openServer(ownerId, def, new AbortController().signal);
    return { state: 'connected', tools: tools.map(toolSummary) };
  } catch (error) {
    return error instanceof McpConnectError ? error.status : { state: 'error', error: `${def.title} could not be reached.` };
  }
}

/** Each server's state, connecting (within the connect timeout, in parallel) to those not connected yet. */
export async function listServerStates(ownerId: string, userDefinitions: readonly McpServerDefinition[]): Promise<ServerState[]> {
  const defs = serverDefinitions(userDefinitions);
  return Promise.all(
    defs.map(async (def): Promise<ServerState> => {
      // An operator's URL may carry a key in its query: people see only their own servers' URLs.
      const where =
        def.spec.kind === 'stdio' ? { transport: 'stdio' as const } : def.origin === 'user' ? { url: def.spec.url, transport: 'remote' as const } : { transport: 'remote' as const };
      return { key: def.key, title: def.title, origin: def.origin, ...where, ...(await statusOf(ownerId, def)) };
    }),
  );
}
