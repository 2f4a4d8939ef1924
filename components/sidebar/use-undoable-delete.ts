'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationListItem } from './use-conversation-list';

// Long enough to notice a slip and press Undo; short enough that the deletion soon happens.
export const UNDO_WINDOW_MS = 5_000;

/**
 * A deletion that can be undone for a few seconds: the row is hidden at once, and the server is
 * told only when the window closes, when another deletion starts, or when the page goes away.
 */
export function useUndoableDelete(commit: (id: string) => void) {
  const [pending, setPending] = useState<ConversationListItem | undefined>();
  const current = useRef<ConversationListItem | undefined>(undefined);
  const commitRef = useRef(commit);
  commitRef.current = commit;

  const flush = useCallback(() => {
    const item = current.current;
    if (!item) return;
    current.current = undefined;
    setPending(undefined);
    commitRef.current(item.id);
  }, []);

  const remove = useCallback(
    (item: ConversationListItem) => {
      flush();
      current.current = item;
      setPending(item);
    },
    [flush],
  );

  const undo = useCallback(() => {
    const item = current.current;
    current.current = undefined;
    setPending(undefined);
    return item;
  }, []);

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(flush, UNDO_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [pending, flush]);

  // Leaving the page (closing the tab, a reload) carries the deletion out rather than forgetting it.
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return { pending, remove, undo };
}
