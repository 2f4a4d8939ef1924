'use client';

import { useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';

/**
 * An attached image, whole and as large as the screen allows, in a modal dialog: focus stays
 * inside, Esc or Close closes it, and the browser returns focus to the thumbnail that opened it.
 * Rendered into <body>, outside the transcript's live region, so opening it announces nothing twice.
 */
export function ImageLightbox({ src, name, onClose }: { src: string; name: string; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // showModal focuses the first link ("Open in new tab"); Close is the likelier next step.
    closeRef.current?.focus();
  }, []);

  const close = () => dialogRef.current?.close();

  return createPortal(
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      onClose={onClose}
      // Esc closes the dialog; it must not also reach the page and stop a streaming answer.
      onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()}
      onClick={(event) => event.target === dialogRef.current && close()}
      className="m-auto max-h-[calc(100dvh-2rem)] max-w-[calc(100vw-2rem)] rounded-xl border border-border bg-bg p-0 text-fg shadow-xl backdrop:bg-black/70"
    >
      <div className="flex flex-col gap-3 p-3">
        <div className="flex min-w-0 items-center justify-between gap-3">
          <h2 id={titleId} className="min-w-0 truncate text-sm font-semibold" title={name}>
            {name}
          </h2>
          <div className="flex shrink-0 items-center gap-1 text-sm">
            <a href={src} target="_blank" rel="noopener noreferrer" className="rounded-md px-2 py-1 text-muted hover:bg-surface-strong hover:text-fg">
              Open in new tab
            </a>
            <button ref={closeRef} type="button" onClick={close} className="rounded-md px-2 py-1 text-muted hover:bg-surface-strong hover:text-fg">
              Close
            </button>
          </div>
        </div>
        <img src={src} alt={name} className="mx-auto block max-h-[calc(100dvh-7rem)] max-w-full object-contain" />
      </div>
    </dialog>,
    document.body,
  );
}
