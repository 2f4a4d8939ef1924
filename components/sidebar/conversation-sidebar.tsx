'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, useTransition, type ReactNode } from 'react';
import { api } from '@/lib/api-client';
import { announceConversationsChanged } from '@/lib/conversations/events';
import { groupByDate } from '@/lib/conversations/groups';
import { DEFAULT_TITLE, tabTitle } from '@/lib/conversations/titles';
import { focusMessageBox } from '@/components/chat/message-box';
import { useShell } from '@/components/shell/shell-context';
import { ThemeSwitch } from '@/components/theme/theme-switch';
import { SignOutButton } from './sign-out-button';
import { ConversationItem } from './conversation-item';
import { useConversationList } from './use-conversation-list';
import { useUndoableDelete } from './use-undoable-delete';

// Wait for a pause in typing before searching.
const SEARCH_DEBOUNCE_MS = 250;

/**
 * The list of the reader's conversations: newest first, grouped by date, searchable, paged as it
 * scrolls. `account` is who is reading, when accounts are on (the layout renders it on the
 * server); `signOut` is APP_PASSWORD's Sign out, for when there is no account panel to hold it.
 */
export function ConversationSidebar({ signOut = false, account }: { signOut?: boolean; account?: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const { drawerOpen, closeDrawer, showShortcuts } = useShell();
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const { items, hasMore, loading, error, loadMore, update } = useConversationList(search);
  const sentinel = useRef<HTMLLIElement>(null);
  const nav = useRef<HTMLElement>(null);
  const activeId = pathname.startsWith('/c/') ? pathname.slice(3) : undefined;
  const [startingNewChat, startNewChatTransition] = useTransition();
  const focusComposer = useRef(false);

  const commitDelete = async (id: string) => {
    if ((await api.deleteConversation(id)).ok) update(id, null);
    else announceConversationsChanged();
  };
  const deletion = useUndoableDelete((id) => void commitDelete(id));
  const shown = useMemo(() => items.filter((item) => item.id !== deletion.pending?.id), [items, deletion.pending]);
  const groups = useMemo(() => groupByDate(shown, new Date()), [shown]);

  // The tab shows the open conversation's title, and follows a rename or the generated title.
  // At "/" it is reset: the page's own title there may not have changed, so would not be written again.
  const activeTitle = items.find((item) => item.id === activeId)?.title;
  useEffect(() => {
    if (!activeId) document.title = tabTitle();
    else if (activeTitle) document.title = tabTitle(activeTitle);
  }, [activeId, activeTitle]);

  // A new chat is ready for typing once its page has replaced the old one.
  useEffect(() => {
    if (startingNewChat || !focusComposer.current) return;
    focusComposer.current = false;
    focusMessageBox();
  }, [startingNewChat]);

  // The Undo button had the focus; when the window closes, the focus must not fall to the page's start.
  const undoArea = useRef<HTMLDivElement>(null);
  const hadPending = useRef(false);
  useEffect(() => {
    if (deletion.pending) hadPending.current = true;
    else if (hadPending.current) {
      hadPending.current = false;
      if (document.activeElement === document.body) nav.current?.querySelector<HTMLElement>('input[type="search"]')?.focus();
    }
  }, [deletion.pending]);

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
    if (!(await api.renameConversation(id, title)).ok) announceConversationsChanged();
  };

  // Deleting the open conversation leaves it; undoing that deletion goes back to it.
  const reopenOnUndo = useRef<string | undefined>(undefined);
  const remove = (item: (typeof items)[number]) => {
    deletion.remove(item);
    reopenOnUndo.current = item.id === activeId ? item.id : undefined;
    if (item.id === activeId) router.push('/');
    // The row that had the focus is gone: Undo is the one thing to do next.
    requestAnimationFrame(() => undoArea.current?.querySelector('button')?.focus());
  };

  const undo = () => {
    const item = deletion.undo();
    if (!item) return;
    if (reopenOnUndo.current === item.id) router.push(`/c/${item.id}`);
    requestAnimationFrame(() => nav.current?.querySelector<HTMLElement>(`a[href="/c/${item.id}"]`)?.focus());
  };

  return (
    <nav ref={nav} aria-label="Conversations" className="flex h-full flex-col gap-2 p-2">
      <div className="flex gap-2">
        <Link
          href="/"
          onClick={(event) => {
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            // A chat started here moved to /c/<id> with history.replaceState, so the router still
            // holds the old "/" (with that chat's id): fetch a fresh one.
            event.preventDefault();
            closeDrawer();
            focusComposer.current = true;
            startNewChatTransition(() => {
              router.push('/');
              router.refresh();
            });
          }}
          className="flex-1 rounded-lg border border-border px-3 py-2 text-sm font-medium hover:bg-surface-strong"
        >
          {DEFAULT_TITLE}
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
      <div data-menu-bounds className="min-h-0 flex-1 overflow-y-auto">
        {error && (
          <p role="alert" className="px-2 text-sm text-danger">
            {error}
          </p>
        )}
        {!loading && shown.length === 0 && !error && (
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
                  onDelete={() => remove(item)}
                />
              ))}
            </ul>
          </section>
        ))}
        <ul aria-hidden="true">{hasMore && <li ref={sentinel} className="h-4" />}</ul>
      </div>
      <div ref={undoArea} role="status" className="empty:-mt-2">
        {deletion.pending && (
          <div className="flex items-center gap-2 rounded-lg bg-surface-strong px-2 py-1.5 text-sm">
            <span className="min-w-0 flex-1 break-words">Deleted “{deletion.pending.title}”</span>
            <button type="button" onClick={undo} className="rounded px-2 py-0.5 font-medium text-accent underline">
              Undo
            </button>
          </div>
        )}
      </div>
      {account}
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-border pt-2">
        <ThemeSwitch />
        <button
          type="button"
          onClick={showShortcuts}
          aria-keyshortcuts="Shift+?"
          // A touch screen usually has no keyboard to press them with.
          className="rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg [@media(hover:none)_and_(pointer:coarse)]:hidden"
        >
          Shortcuts <kbd className="font-mono text-xs">?</kbd>
        </button>
        {signOut && <SignOutButton />}
      </div>
    </nav>
  );
}
