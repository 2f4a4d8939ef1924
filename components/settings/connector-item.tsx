'use client';

import { useState } from 'react';
import type { ServerListing } from '@/lib/mcp';

/** What Rill knows of the server now, in words. */
function ConnectorState({ server }: { server: ServerListing }) {
  switch (server.state) {
    case 'connected':
      return (
        <p className="text-sm">
          <span className="text-accent">Connected</span>
          {server.tools.length > 0 && <span className="text-muted"> · Tools: {server.tools.map((tool) => tool.name).join(', ')}</span>}
        </p>
      );
    case 'needs_authorization':
      return <p className="text-sm text-muted">Needs authorization</p>;
    case 'error':
      return <p className="text-sm text-danger">Error: {server.error}</p>;
    case 'unknown':
      return <p className="text-sm text-muted">Checking…</p>;
  }
}

/** One connector: its name, address and state; the person's own can be authorized and removed. */
export function ConnectorItem({ server, onAuthorize, onRemove }: { server: ServerListing; onAuthorize: () => Promise<void>; onRemove: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const act = (action: () => Promise<void>) => async () => {
    setBusy(true);
    await action();
    setBusy(false);
  };
  const own = server.origin === 'user';
  return (
    <li aria-label={server.title} className="flex items-start justify-between gap-3 px-4 py-3">
      <div className="min-w-0 space-y-0.5">
        <p className="font-medium">
          {server.title}
          {!own && <span className="ml-2 rounded bg-surface-strong px-2 py-0.5 text-xs">Provided by this Rill</span>}
        </p>
        {server.url && <p className="truncate text-sm text-muted">{server.url}</p>}
        <ConnectorState server={server} />
      </div>
      {own && (
        <div className="flex shrink-0 gap-2">
          {server.state === 'needs_authorization' && (
            <button type="button" disabled={busy} onClick={act(onAuthorize)} className="rounded-lg bg-accent px-3 py-1 font-medium text-accent-fg disabled:opacity-50">
              Authorize
            </button>
          )}
          <button
            type="button"
            aria-label={`Remove ${server.title}`}
            disabled={busy}
            onClick={act(onRemove)}
            className="rounded-lg border border-border px-3 py-1 hover:bg-surface-strong disabled:opacity-50"
          >
            Remove
          </button>
        </div>
      )}
    </li>
  );
}
