'use client';

import { useRef } from 'react';
import { SHORTCUTS } from './shortcuts';
import { ModalDialog } from './modal-dialog';

/** The "?" dialog: a modal (focus stays inside, Esc closes it, focus returns where it was). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  return (
    <ModalDialog ref={dialogRef} open={open} labelledBy="shortcuts-title" onClose={onClose} widthClass="w-[min(28rem,calc(100vw-2rem))]" closeOnBackdrop>
      <div className="p-5">
        <div className="mb-3 flex items-center justify-between">
          <h2 id="shortcuts-title" className="text-lg font-semibold">
            Keyboard shortcuts
          </h2>
          <button type="button" onClick={onClose} className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg">
            Close
          </button>
        </div>
        <table className="w-full text-sm">
          <caption className="sr-only">Keyboard shortcuts</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map(({ keys, action }) => (
              <tr key={action} className="border-t border-border first:border-t-0">
                <td className="whitespace-nowrap py-1.5 pr-4">
                  {keys.map((key, index) => (
                    <span key={key}>
                      {index > 0 && <span className="px-0.5 text-muted">+</span>}
                      <kbd className="rounded border border-border bg-surface px-1.5 py-0.5 font-mono text-xs">{key}</kbd>
                    </span>
                  ))}
                </td>
                <td className="py-1.5">{action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ModalDialog>
  );
}
