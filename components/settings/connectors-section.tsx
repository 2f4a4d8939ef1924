'use client';

import { useState } from 'react';
import { api } from '@/lib/api-client';
import type { ConnectorSettings, ServerListing } from '@/lib/mcp/settings';
import { AddConnectorForm } from './add-connector-form';
import { ConnectorItem } from './connector-item';

const serverId = (server: ServerListing) => server.key.slice('user:'.length);

/**
 * "Connectors": the MCP servers whose tools Claude may use, the operator's and the person's own,
 * with what each offers or why it does not; and a way to add one.
 */
export function ConnectorsSection({ initial, initialError }: { initial: ConnectorSettings; initialError?: string }) {
  const [servers, setServers] = useState(initial.servers);
  const [error, setError] = useState(initialError);
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
      {initial.canAddServers && <AddConnectorForm onAdded={(server) => setServers((current) => [...current, server])} />}
    </section>
  );
}
