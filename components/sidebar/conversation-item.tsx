'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { ConversationListItem } from './use-conversation-list';

/** One conversation in the sidebar, with rename and delete (after a confirmation). */
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
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view');
  const [title, setTitle] = useState(item.title);

  if (mode === 'rename') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      if (title.trim()) onRename(title.trim());
      setMode('view');
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
              if (event.key === 'Escape') setMode('view');
            }}
            onBlur={submit}
            className="w-full rounded border border-accent bg-bg px-2 py-1 text-sm"
          />
        </form>
      </li>
    );
  }

  return (
    <li className={`group rounded-lg ${active ? 'bg-surface-strong' : 'hover:bg-surface-strong'}`}>
      {mode === 'confirm-delete' ? (
        <div role="group" aria-label={`Delete “${item.title}”?`} className="flex items-center gap-2 px-2 py-1.5 text-sm">
          <span className="min-w-0 flex-1 truncate">Delete “{item.title}”?</span>
          <button type="button" onClick={onDelete} className="rounded bg-danger px-2 py-0.5 text-xs font-medium text-bg">
            Delete
          </button>
          <button type="button" onClick={() => setMode('view')} className="rounded px-2 py-0.5 text-xs text-muted hover:text-fg">
            Cancel
          </button>
        </div>
      ) : (
        <div className="flex items-center">
          <Link
            href={`/c/${item.id}`}
            aria-current={active ? 'page' : undefined}
            className="min-w-0 flex-1 truncate px-2 py-1.5 text-sm"
          >
            {item.title}
          </Link>
          <div className="flex shrink-0">
            <button type="button" aria-label={`Rename “${item.title}”`} onClick={() => setMode('rename')} className="px-1.5 text-xs text-muted hover:text-fg">
              Rename
            </button>
            <button type="button" aria-label={`Delete “${item.title}”`} onClick={() => setMode('confirm-delete')} className="px-1.5 text-xs text-muted hover:text-danger">
              Delete
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
