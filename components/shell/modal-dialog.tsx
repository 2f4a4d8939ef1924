'use client';

import { useEffect, type ReactNode, type RefObject } from 'react';

/**
 * The one modal dialog frame: a native `<dialog>`, shown with showModal while `open` (which gives
 * focus trapping, Esc and the focus back where it was for free), named by its heading, centred,
 * with a dimmed backdrop.
 */
export function ModalDialog({
  ref,
  open,
  labelledBy,
  onClose,
  widthClass,
  closeOnBackdrop = false,
  children,
}: {
  ref: RefObject<HTMLDialogElement | null>;
  open: boolean;
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  onClose: () => void;
  /** A Tailwind width, e.g. `w-[min(32rem,calc(100vw-2rem))]`. */
  widthClass: string;
  /** A click on the backdrop closes it (not for a form, where a stray click would lose a draft). */
  closeOnBackdrop?: boolean;
  children: ReactNode;
}) {
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [ref, open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      onClose={onClose}
      // Esc closes the dialog; it must not also reach the page and stop a streaming answer.
      onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()}
      onClick={closeOnBackdrop ? (event) => event.target === event.currentTarget && onClose() : undefined}
      className={`m-auto ${widthClass} rounded-xl border border-border bg-bg p-0 text-fg shadow-xl backdrop:bg-black/40`}
    >
      {children}
    </dialog>
  );
}
