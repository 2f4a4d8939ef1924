'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { announceConversationsChanged } from '@/lib/conversations/events';
import { groupByDate } from '@/lib/conversations/groups';
import { useShell } from '@/components/shell/shell-context';
import { ThemeSwitch } from '@/components/theme/theme-switch';
import { SignOutButton } from './sign-out-button';
import { ConversationItem } from './conversation-item';
import { useConversationList } from './use-conversation-list';

// Wait for a pause in typing before searching.
const SEARCH_DEBOUNCE_MS = 250;

/** The list of the reader's conversations: newest first, grouped by date, searchable, paged as it scrolls. */
export function ConversationSidebar({ signOut = false }: { signOut?: boolean }) {
  const pathname = usePathname();
  const router = useRouter();
  const { drawerOpen, closeDrawer, showShortcuts } = useShell();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const { items, hasMore, loading, error, loadMore, update } = useConversationList(search);
  const sentinel = useRef<HTMLLIElement>(null);
  const groups = useMemo(() => groupByDate(items, new Date()), [items]);
  const activeId = pathname.startsWith('/c/') ? pathname.slice(3) : undefined;

  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loadMore]);

  // Changes show at once; if the server did not take one, the list is reloaded to show the truth.
  const rename = async (id: string, title: string) => {
    update(id, { title });
    const response = await fetch(`/api/conversations/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) }).catch(() => undefined);
    if (!response?.ok) announceConversationsChanged();
  };

  const remove = async (id: string) => {
    update(id, null);
    const response = await fetch(`/api/conversations/${id}`, { method: 'DELETE' }).catch(() => undefined);
    if (!response?.ok) return announceConversationsChanged();
    if (id === activeId) router.push('/');
  };

  return (
    <nav aria-label="Conversations" className="flex h-full flex-col gap-2 p-2">
      <div className="flex gap-2">
        <Link
          href="/"
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            // A chat started here moved to /c/<id> with history.replaceState, so the router still
            // holds the old "/" (with that chat's id): fetch a fresh one.
            event.preventDefault();
            router.push('/');
            router.refresh();
          }}
          className="flex-1 rounded-lg border border-border px-3 py-2 text-sm font-medium hover:bg-surface-strong"
        >
          New chat
        </Link>
        {drawerOpen && (
          <button type="button" onClick={closeDrawer} className="rounded-lg px-3 py-2 text-sm text-muted hover:bg-surface-strong hover:text-fg">
            Close
          </button>
        )}
      </div>
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        className="rounded-lg border border-border bg-bg px-3 py-1.5 text-sm"
      />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {error && (
          <p role="alert" className="px-2 text-sm text-danger">
            {error}
          </p>
        )}
        {!loading && items.length === 0 && !error && (
          <p className="px-2 py-1 text-sm text-muted">{search ? 'No conversations match.' : 'No conversations yet.'}</p>
        )}
        {groups.map(({ group, items: groupItems }) => (
          <section key={group} aria-label={group} className="mb-3">
            <h2 className="px-2 pb-1 text-xs font-medium text-muted">{group}</h2>
            <ul>
              {groupItems.map((item) => (
                <ConversationItem
                  key={item.id}
                  item={item}
                  active={item.id === activeId}
                  onRename={(title) => void rename(item.id, title)}
                  onDelete={() => void remove(item.id)}
                />
              ))}
            </ul>
          </section>
        ))}
        <ul aria-hidden="true">{hasMore && <li ref={sentinel} className="h-4" />}</ul>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border pt-2">
        <ThemeSwitch />
        <button
          type="button"
          onClick={showShortcuts}
          aria-keyshortcuts="Shift+?"
          className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg"
        >
          Shortcuts <kbd className="font-mono text-xs">?</kbd>
        </button>
        {signOut && <SignOutButton />}
      </div>
    </nav>
  );
}
