'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MoreIcon, PencilIcon, TrashIcon } from '@/components/shell/icons';
import { MenuButton } from '@/components/shell/menu-button';
import { useShell } from '@/components/shell/shell-context';
import type { ConversationListItem } from './use-conversation-list';

type Mode = 'view' | 'rename' | 'confirm-delete';

/**
 * One conversation in the sidebar. Its title gets the whole row; the actions (rename, delete
 * after a confirmation) are in a menu whose button shows on hover and on keyboard focus, and
 * always on touch screens, which cannot hover.
 */
export function ConversationItem({
  item,
  active,
  onRename,
  onDelete,
}: {
  item: ConversationListItem;
  active: boolean;
  onRename: (title: string) => void;
  onDelete: () => void;
}) {
  const { closeDrawer } = useShell();
  const [mode, setMode] = useState<Mode>('view');
  const [title, setTitle] = useState(item.title);
  const link = useRef<HTMLAnchorElement>(null);
  // Back from renaming or from the confirmation, the focus returns to the row, not to the page's start.
  const refocus = useRef(false);

  useEffect(() => {
    if (mode !== 'view' || !refocus.current) return;
    refocus.current = false;
    link.current?.focus();
  }, [mode]);

  const backToView = () => {
    refocus.current = true;
    setMode('view');
  };

  if (mode === 'rename') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      if (title.trim() && title.trim() !== item.title) onRename(title.trim());
      backToView();
    };
    return (
      <li>
        <form onSubmit={submit} className="px-2 py-1">
          <input
            aria-label="Conversation title"
            autoFocus
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              // Esc cancels the rename only, and leaves the drawer open.
              event.stopPropagation();
              setTitle(item.title);
              backToView();
            }}
            onBlur={submit}
            className="w-full rounded border border-accent bg-bg px-2 py-1 text-sm"
          />
        </form>
      </li>
    );
  }

  if (mode === 'confirm-delete') {
    return (
      <li className="rounded-lg bg-surface-strong">
        <div
          role="group"
          aria-label={`Delete “${item.title}”?`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            // Esc cancels, as the rename field's does, and leaves the drawer open.
            event.stopPropagation();
            backToView();
          }}
          className="px-2 py-1.5 text-sm"
        >
          <p className="break-words">Delete “{item.title}”?</p>
          <div className="mt-1.5 flex justify-end gap-2">
            <button type="button" autoFocus onClick={onDelete} className="rounded bg-danger px-2 py-0.5 text-xs font-medium text-bg">
              Delete
            </button>
            <button type="button" onClick={backToView} className="rounded px-2 py-0.5 text-xs text-muted hover:text-fg">
              Cancel
            </button>
          </div>
        </div>
      </li>
    );
  }

  return (
    <li className={`group relative rounded-lg focus-within:bg-surface-strong ${active ? 'bg-surface-strong' : 'hover:bg-surface-strong'}`}>
      <Link
        ref={link}
        href={`/c/${item.id}`}
        aria-current={active ? 'page' : undefined}
        title={item.title}
        // Choosing a conversation closes the drawer (deleting the open one must not: its Undo is there).
        onClick={closeDrawer}
        className="block truncate px-2 py-1.5 text-sm [@media(hover:none)]:pr-9"
      >
        {item.title}
      </Link>
      <div className="absolute inset-y-0 right-1 flex items-center opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100">
        <MenuButton
          label={`Actions for “${item.title}”`}
          className="rounded-md bg-surface-strong p-1 text-muted hover:text-fg aria-expanded:text-fg"
          items={[
            {
              label: 'Rename',
              icon: <PencilIcon />,
              onSelect: () => {
                setTitle(item.title);
                setMode('rename');
              },
            },
            { label: 'Delete', icon: <TrashIcon />, onSelect: () => setMode('confirm-delete') },
          ]}
        >
          <MoreIcon />
        </MenuButton>
      </div>
    </li>
  );
}
