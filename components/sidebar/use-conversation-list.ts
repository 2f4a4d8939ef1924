'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { CONVERSATIONS_CHANGED } from '@/lib/conversations/events';

export type ConversationListItem = { id: string; title: string; updatedAt: string };

type Page = { conversations: ConversationListItem[]; nextCursor: string | null };

async function fetchPage(search: string, cursor: string | null, signal: AbortSignal): Promise<Page> {
  const params = new URLSearchParams();
  if (search) params.set('q', search);
  if (cursor) params.set('cursor', cursor);
  const response = await fetch(`/api/conversations?${params}`, { signal, cache: 'no-store' });
  if (!response.ok) throw new Error(`Your conversations could not be loaded (HTTP ${response.status}). Reload to try again.`);
  return (await response.json()) as Page;
}

/** The owner's conversations for the sidebar: first page, more on demand, refreshed when they change. */
export function useConversationList(search: string) {
  const [items, setItems] = useState<ConversationListItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const request = useRef<AbortController | undefined>(undefined);

  const load = useCallback(
    async (cursor: string | null) => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      setLoading(true);
      try {
        const page = await fetchPage(search, cursor, controller.signal);
        setItems((current) => (cursor ? [...current, ...page.conversations.filter((c) => !current.some((o) => o.id === c.id))] : page.conversations));
        setNextCursor(page.nextCursor);
        setError(undefined);
      } catch (caught) {
        if (!controller.signal.aborted) {
          setError(caught instanceof TypeError ? "Can't reach the Rill server to load your conversations." : caught instanceof Error ? caught.message : 'Your conversations could not be loaded.');
        }
      } finally {
        if (request.current === controller) setLoading(false);
      }
    },
    [search],
  );

  useEffect(() => {
    void load(null);
    const refresh = () => void load(null);
    window.addEventListener(CONVERSATIONS_CHANGED, refresh);
    return () => {
      window.removeEventListener(CONVERSATIONS_CHANGED, refresh);
      request.current?.abort();
    };
  }, [load]);

  const loadMore = useCallback(() => {
    if (nextCursor && !loading) void load(nextCursor);
  }, [load, nextCursor, loading]);

  const update = useCallback((id: string, change: Partial<ConversationListItem> | null) => {
    setItems((current) => (change ? current.map((item) => (item.id === id ? { ...item, ...change } : item)) : current.filter((item) => item.id !== id)));
  }, []);

  return { items, hasMore: nextCursor !== null, loading, error, loadMore, update };
}
