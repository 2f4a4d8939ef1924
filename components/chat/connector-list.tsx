import type { ServerKey, ServerState } from '@/lib/mcp/types';

/** A tool's key in `connectorsOff`, beside its server's. */
export const toolKey = (serverKey: ServerKey, toolName: string): string => `${serverKey}/${toolName}`;

/** The chat's switched-off connectors and tools, with `key` switched on or off. */
export function switchConnector(off: readonly string[], key: string, on: boolean): string[] {
  const others = off.filter((item) => item !== key);
  return on ? others : [...others, key];
}

function stateText(server: ServerState): string {
  switch (server.state) {
    case 'connected':
      return `Connected · ${server.tools.length} ${server.tools.length === 1 ? 'tool' : 'tools'}`;
    case 'needs_authorization':
      return 'Needs authorization in Settings';
    case 'error':
      return `Not available: ${server.error}`;
  }
}

/**
 * Each MCP server with a switch, and a connected server's tools each with theirs. A tool keeps its
 * switch while its server is off, so switching the server back on gives back the same tools.
 */
export function ConnectorList({ servers, off, onChange }: { servers: ServerState[]; off: readonly string[]; onChange: (off: string[]) => void }) {
  if (servers.length === 0) return <p className="text-sm text-muted">No connectors yet: add an MCP server in Settings to give Claude its tools.</p>;
  return (
    <ul className="space-y-3">
      {servers.map((server) => {
        const serverOn = !off.includes(server.key);
        return (
          <li key={server.key} data-connector={server.key}>
            <label className="flex items-center gap-2 font-medium">
              <input type="checkbox" role="switch" checked={serverOn} onChange={(event) => onChange(switchConnector(off, server.key, event.target.checked))} />
              {server.title}
            </label>
            <p className={`ml-6 text-xs ${server.state === 'error' ? 'text-danger' : 'text-muted'}`}>{stateText(server)}</p>
            {server.state === 'connected' && server.tools.length > 0 && (
              <ul aria-label={`Tools of ${server.title}`} className="ml-6 mt-1 space-y-1">
                {server.tools.map((tool) => {
                  const key = toolKey(server.key, tool.name);
                  return (
                    <li key={tool.name}>
                      <label className="flex items-center gap-2 text-sm" title={tool.description}>
                        <input
                          type="checkbox"
                          role="switch"
                          checked={!off.includes(key)}
                          disabled={!serverOn}
                          onChange={(event) => onChange(switchConnector(off, key, event.target.checked))}
                        />
                        <span className="font-mono">{tool.name}</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
