'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';

// The dialog's code loads when the button is pointed at or focused, at the latest on opening it.
const loadConnectorsDialog = () => import('./connectors-dialog');
const ConnectorsDialog = dynamic(() => loadConnectorsDialog().then((module) => module.ConnectorsDialog), { loading: () => null });

type Props = {
  /** Server keys (`user:abc`) and tool keys (`user:abc/tool`) switched off for this chat. */
  off: readonly string[];
  onChange: (off: string[]) => void;
  disabled: boolean;
};

/** "Connectors" in the chat's settings: which MCP servers, and which of their tools, Claude may use in this chat. */
export function ConnectorsMenu({ off, onChange, disabled }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setOpen(true)}
        onPointerEnter={() => void loadConnectorsDialog()}
        onFocus={() => void loadConnectorsDialog()}
        className="rounded border border-border bg-surface px-2 py-0.5 text-fg hover:bg-surface-strong disabled:opacity-50"
      >
        Connectors{off.length > 0 && <span className="text-muted"> ({off.length} off)</span>}
      </button>
      {open && <ConnectorsDialog off={off} onChange={onChange} onClose={() => setOpen(false)} />}
    </>
  );
}
