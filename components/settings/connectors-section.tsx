'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from '@/lib/api-client';
import type { ConnectorSettings, ServerListing, ToolGrant } from '@/lib/mcp';
import { AddConnectorForm } from './add-connector-form';
import { AlwaysAllowedTools } from './always-allowed-tools';
import { ConnectorItem } from './connector-item';

const serverId = (server: ServerListing) => server.key.slice('user:'.length);

/**
 * "Connectors": the MCP servers whose tools Claude may use, the operator's and the person's own,
 * with what each offers or why it does not; a way to add one; and the tools that run without
 * asking. The page renders what was last known; the live state replaces it once checked.
 */
export function ConnectorsSection({ initial, initialError }: { initial: ConnectorSettings; initialError?: string }) {
  const [servers, setServers] = useState<ServerListing[]>(initial.servers);
  const [grants, setGrants] = useState(initial.alwaysAllowed);
  const [error, setError] = useState(initialError);
  const refresh = useCallback(async () => {
    const result = await api.listConnectors();
    if (!result.ok) return setError(result.error.message);
    setServers(result.data.servers);
    setGrants(result.data.alwaysAllowed);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const askFirst = async (grant: ToolGrant) => {
    const result = await api.askFirstAgain(grant.serverKey, grant.toolName);
    if (result.ok || result.error.status === 404) {
      setGrants((current) => current.filter((each) => each.serverKey !== grant.serverKey || each.toolName !== grant.toolName));
    } else setError(result.error.message);
  };
  const authorize = async (server: ServerListing) => {
    const result = await api.authorizeConnector(serverId(server));
    if (result.ok) window.location.assign(result.data.authorizationUrl);
    else setError(result.error.message);
  };
  const remove = async (server: ServerListing) => {
    const result = await api.removeConnector(serverId(server));
    // Not found: it is gone already, which is what was asked.
    if (result.ok || result.error.status === 404) {
      setError(undefined);
      setServers((current) => current.filter((each) => each.key !== server.key));
      setGrants((current) => current.filter((each) => each.serverKey !== server.key));
    } else setError(result.error.message);
  };
  return (
    <section id="connectors" aria-labelledby="connectors-heading" className="space-y-3">
      <h2 id="connectors-heading" className="text-lg font-semibold">
        Connectors
      </h2>
      <p className="text-sm text-muted">MCP servers whose tools Claude may use in your chats.</p>
      {servers.length > 0 ? (
        <ul aria-label="Connectors" className="divide-y divide-border rounded-lg border border-border">
          {servers.map((server) => (
            <ConnectorItem key={server.key} server={server} onAuthorize={() => authorize(server)} onRemove={() => remove(server)} />
          ))}
        </ul>
      ) : (
        <p className="text-muted">No connectors yet.</p>
      )}
      {error && (
        <p role="alert" className="text-danger">
          {error}
        </p>
      )}
      <AlwaysAllowedTools grants={grants} servers={servers} onAskFirst={askFirst} />
      {initial.canAddServers && (
        <AddConnectorForm
          onAdded={(server) => {
            setServers((current) => [...current, server]);
            // Connecting to it says whether it needs authorization, and what it offers.
            void refresh();
          }}
        />
      )}
    </section>
  );
}
