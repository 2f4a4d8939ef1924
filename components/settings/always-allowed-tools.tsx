'use client';

import { useState } from 'react';
import type { ServerListing, ToolGrant } from '@/lib/mcp';

/** The tools that run without asking ("Always allow" on an approval), each of which can ask first again. */
export function AlwaysAllowedTools({ grants, servers, onAskFirst }: { grants: ToolGrant[]; servers: ServerListing[]; onAskFirst: (grant: ToolGrant) => Promise<void> }) {
  const [busy, setBusy] = useState<string>();
  if (grants.length === 0) return null;
  const titleOf = (key: string) => servers.find((server) => server.key === key)?.title ?? 'A removed connector';
  return (
    <div className="space-y-2">
      <h3 className="font-medium">Tools that run without asking</h3>
      <ul aria-label="Tools that run without asking" className="divide-y divide-border rounded-lg border border-border">
        {grants.map((grant) => {
          const id = `${grant.serverKey}/${grant.toolName}`;
          return (
            <li key={id} className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
              <span className="min-w-0 truncate">
                {titleOf(grant.serverKey)} · <span className="font-mono">{grant.toolName}</span>
              </span>
              <button
                type="button"
                aria-label={`Ask first before ${grant.toolName} of ${titleOf(grant.serverKey)} runs`}
                disabled={busy === id}
                onClick={async () => {
                  setBusy(id);
                  await onAskFirst(grant);
                  setBusy(undefined);
                }}
                className="shrink-0 rounded-lg border border-border px-3 py-1 hover:bg-surface-strong disabled:opacity-50"
              >
                Ask first
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
