'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api-client';
import { CONVERSATIONS_CHANGED } from '@/lib/conversations/events';

export type ConversationListItem = { id: string; title: string; updatedAt: string };


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
      const listed = await api.listConversations({ ...(search ? { q: search } : {}), ...(cursor ? { cursor } : {}) }, controller.signal).catch(() => undefined);
      if (request.current !== controller) return;
      setLoading(false);
      if (!listed) return;
      if (!listed.ok) {
        setError(listed.error.status === 0 ? "Can't reach the Rill server to load your conversations." : `Your conversations could not be loaded: ${listed.error.message}`);
        return;
      }
      const page = listed.data;
      setItems((current) => (cursor ? [...current, ...page.conversations.filter((c) => !current.some((o) => o.id === c.id))] : page.conversations));
      setNextCursor(page.nextCursor);
      setError(undefined);
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
