'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ShellContext, type Shell } from './shell-context';
import { ShortcutsDialog } from './shortcuts-dialog';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';
import { useNarrowScreen } from './use-narrow-screen';

/**
 * The page frame: the conversation sidebar beside the chat on wide screens, a modal drawer
 * on narrow ones, and the page-wide keyboard shortcuts.
 */
export function ChatShell({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  const narrow = useNarrowScreen();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const drawerRef = useRef<HTMLElement>(null);
  const returnFocusTo = useRef<HTMLElement | null>(null);
  const drawer = drawerOpen && narrow;

  const openDrawer = useCallback(() => {
    returnFocusTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDrawerOpen(true);
  }, []);
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);
  const shell = useMemo<Shell>(
    () => ({ drawerOpen: drawer, openDrawer, closeDrawer, showShortcuts: () => setShortcutsOpen(true) }),
    [drawer, openDrawer, closeDrawer],
  );
  useKeyboardShortcuts(shell, narrow);

  // Focus moves into the drawer as it opens, and back once the chat is no longer inert.
  useEffect(() => {
    if (drawer) {
      drawerRef.current?.querySelector<HTMLElement>('a, button, input')?.focus();
      return;
    }
    returnFocusTo.current?.focus();
    returnFocusTo.current = null;
  }, [drawer]);

  return (
    <ShellContext.Provider value={shell}>
      <div className="flex h-dvh">
        {drawer && <div aria-hidden="true" className="fixed inset-0 z-30 bg-black/40" onClick={closeDrawer} />}
        <aside
          ref={drawerRef}
          {...(drawer ? { role: 'dialog', 'aria-modal': true, 'aria-label': 'Conversations' } : {})}
          onKeyDown={(event) => {
            if (drawer && event.key === 'Escape') {
              // Esc here closes the drawer, and must not also stop a streaming answer.
              event.stopPropagation();
              closeDrawer();
            }
          }}
          className={`w-64 shrink-0 border-r border-border bg-surface md:static md:block ${
            drawer ? 'fixed inset-y-0 left-0 z-40 block w-[min(20rem,85vw)] shadow-xl' : 'hidden'
          }`}
        >
          {sidebar}
        </aside>
        <main inert={drawer} className="min-w-0 flex-1">
          {children}
        </main>
      </div>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </ShellContext.Provider>
  );
}
