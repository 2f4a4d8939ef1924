'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import { ModalDialog } from '@/components/shell/modal-dialog';
import { api, type ApiResult } from '@/lib/api-client';
import type { ConnectorSettings, ServerState } from '@/lib/mcp';
import { ConnectorList } from './connector-list';

type Props = {
  /** Server keys (`user:abc`) and tool keys (`user:abc/tool`) switched off for this chat. */
  off: readonly string[];
  onChange: (off: string[]) => void;
  onClose: () => void;
};

/** Asks for the servers each time it opens: their state (connected, tools) changes outside this page. */
export function ConnectorsDialog({ off, onChange, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [listed, setListed] = useState<ApiResult<ConnectorSettings<ServerState>>>();
  useEffect(() => {
    let current = true;
    void api.listConnectors().then((result) => current && setListed(result));
    return () => {
      current = false;
    };
  }, []);

  return (
    <ModalDialog ref={dialogRef} open labelledBy={titleId} onClose={onClose} closeOnBackdrop widthClass="w-[min(32rem,calc(100vw-2rem))]">
      <div className="space-y-4 p-5">
        <div>
          <h2 id={titleId} className="text-lg font-semibold">
            Connectors
          </h2>
          <p className="text-sm text-muted">The MCP tools Claude may use in this chat.</p>
        </div>
        {!listed ? (
          <p role="status" className="text-sm text-muted">
            Loading connectors…
          </p>
        ) : listed.ok ? (
          <ConnectorList servers={listed.data.servers} off={off} onChange={onChange} />
        ) : (
          <p role="alert" className="text-sm text-danger">
            {listed.error.message}
          </p>
        )}
        <div className="flex items-center justify-between gap-2">
          <Link href="/settings#connectors" className="text-sm text-accent underline">
            Manage connectors
          </Link>
          {/* Closing the dialog itself (rather than unmounting it) gives the focus back to the button. */}
          <button type="button" onClick={() => dialogRef.current?.close()} className="rounded-lg border border-border px-4 py-2 hover:bg-surface-strong">
            Done
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
