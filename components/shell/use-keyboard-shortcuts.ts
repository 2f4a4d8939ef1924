'use client';

import { useEffect } from 'react';
import { focusMessageBox } from '@/components/chat/message-box';
import type { Shell } from './shell-context';
import { isTypingTarget } from './shortcuts';

const MESSAGES = '[role="log"] article';
const CONVERSATION_SEARCH = 'input[aria-label="Search conversations"]';

/** Moves focus to the message before or after the focused one (or the last, from elsewhere). */
function focusMessage(step: -1 | 1) {
  const messages = [...document.querySelectorAll<HTMLElement>(MESSAGES)];
  if (messages.length === 0) return;
  const current = messages.findIndex((message) => message.contains(document.activeElement));
  const next = current === -1 ? messages.length - 1 : Math.min(messages.length - 1, Math.max(0, current + step));
  const target = messages[next]!;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
  target.scrollIntoView({ block: 'nearest' });
}

/** The page-wide shortcuts listed in SHORTCUTS (Enter and Esc belong to the composer). */
export function useKeyboardShortcuts(shell: Shell, narrow: boolean) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const typing = isTypingTarget(event.target);
      if (event.key === '?' && !typing) {
        event.preventDefault();
        shell.showShortcuts();
      } else if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        focusMessageBox();
      } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        event.preventDefault();
        focusMessage(event.key === 'ArrowUp' ? -1 : 1);
      } else if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        if (narrow) shell.openDrawer();
        else document.querySelector<HTMLElement>(CONVERSATION_SEARCH)?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shell, narrow]);
}
