'use client';

import { useEffect, useRef, useState } from 'react';
import { api, type ApiError } from '@/lib/api-client';
import type { ShareLink } from '@/lib/shares';
import { ModalDialog } from '@/components/shell/modal-dialog';

type State = { phase: 'loading' } | { phase: 'ready'; link: ShareLink | null } | { phase: 'working'; link: ShareLink | null };

const buttonClass = 'rounded-md border border-border px-3 py-1 text-sm hover:bg-surface-strong disabled:opacity-50';

/**
 * The chat's Share dialog: a public, read-only link to the conversation as it is now (a
 * snapshot, like claude.ai's), its Copy button, Update link for a newer snapshot, and Delete link.
 */
export function ShareDialog({ conversationId, open, onClose }: { conversationId: string; open: boolean; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [error, setError] = useState<ApiError>();
  const [copied, setCopied] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    setState({ phase: 'loading' });
    setError(undefined);
    setCopied(false);
    void api.getShareLink(conversationId).then((result) => {
      if (cancelled) return;
      if (result.ok) setState({ phase: 'ready', link: result.data.link });
      else {
        setError(result.error);
        setState({ phase: 'ready', link: null });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [open, conversationId]);

  const link = state.phase === 'loading' ? null : state.link;
  const url = link ? new URL(link.path, window.location.origin).href : '';

  const change = async (request: () => Promise<{ ok: true; link: ShareLink | null } | { ok: false; error: ApiError }>) => {
    setState({ phase: 'working', link });
    setError(undefined);
    setCopied(false);
    const result = await request();
    if (result.ok) setState({ phase: 'ready', link: result.link });
    else {
      setError(result.error);
      setState({ phase: 'ready', link });
    }
  };
  const share = () =>
    change(async () => {
      const result = await api.shareConversation(conversationId);
      return result.ok ? { ok: true, link: result.data.link } : result;
    });
  const revoke = () =>
    change(async () => {
      const result = await api.revokeShareLink(conversationId);
      return result.ok ? { ok: true, link: null } : result;
    });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // No clipboard here (an http page, a refused permission): select the link for Ctrl+C instead.
      urlRef.current?.select();
    }
  };
  const working = state.phase !== 'ready';

  return (
    <ModalDialog ref={dialogRef} open={open} labelledBy="share-title" onClose={onClose} widthClass="w-[min(32rem,calc(100vw-2rem))]" closeOnBackdrop>
      <div className="flex flex-col gap-3 p-5" aria-busy={working}>
        <div className="flex items-center justify-between">
          <h2 id="share-title" className="text-lg font-semibold">
            Share conversation
          </h2>
          <button type="button" onClick={onClose} className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg">
            Close
          </button>
        </div>
        {state.phase === 'loading' ? (
          <p className="text-sm text-muted">Loading…</p>
        ) : link ? (
          <>
            <p className="text-sm text-muted">
              Anyone with this link can read the conversation, with its files, as it was on <time dateTime={link.updatedAt}>{new Date(link.updatedAt).toLocaleString()}</time>. Messages
              you send later are not shown until you update the link.
            </p>
            <div className="flex gap-2">
              <label htmlFor="share-url" className="sr-only">
                Share link
              </label>
              <input ref={urlRef} id="share-url" readOnly value={url} onFocus={(event) => event.target.select()} className="min-w-0 flex-1 rounded-md border border-border bg-surface px-2 py-1 text-sm" />
              <button type="button" onClick={() => void copy()} className={buttonClass}>
                {copied ? 'Copied' : 'Copy link'}
              </button>
            </div>
            <div className="flex flex-wrap gap-2">
              <button type="button" onClick={() => void share()} disabled={working} className={buttonClass}>
                Update link
              </button>
              <button type="button" onClick={() => void revoke()} disabled={working} className={`${buttonClass} text-danger`}>
                Delete link
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="text-sm text-muted">
              Make a read-only link to the conversation as it is now, with its files. Anyone with the link can read it and continue it in a chat of their own.
            </p>
            <div>
              <button type="button" onClick={() => void share()} disabled={working} className={buttonClass}>
                Create link
              </button>
            </div>
          </>
        )}
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error.message}
          </p>
        )}
        <p role="status" className="sr-only">
          {copied ? 'Link copied' : ''}
        </p>
      </div>
    </ModalDialog>
  );
}
