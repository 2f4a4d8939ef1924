'use client';

import { createContext, useContext } from 'react';

export type Shell = {
  /** The conversation drawer, on narrow screens (on wide ones the sidebar is always shown). */
  drawerOpen: boolean;
  openDrawer: () => void;
  closeDrawer: () => void;
  showShortcuts: () => void;
};

export const ShellContext = createContext<Shell | null>(null);

export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('useShell must be used inside <ChatShell>');
  return shell;
}
