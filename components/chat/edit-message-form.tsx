'use client';

import { useState, type FormEvent } from 'react';

/** Editing a sent message: saving sends it as a new version beside the original, which stays one click away. */
export function EditMessageForm({
  initialText,
  onSubmit,
  onCancel,
}: {
  initialText: string;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initialText);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) onSubmit(text);
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-2 rounded-2xl border border-border bg-surface p-2">
      <textarea
        aria-label="Edit message"
        autoFocus
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
        className="field-sizing-content min-h-16 resize-none bg-transparent px-2 py-1 outline-none"
      />
      <div className="flex justify-end gap-2 text-sm">
        <button type="button" onClick={onCancel} className="rounded-md px-3 py-1 text-muted hover:bg-surface-strong">
          Cancel
        </button>
        <button type="submit" disabled={!text.trim()} className="rounded-md bg-accent px-3 py-1 font-medium text-accent-fg disabled:opacity-40">
          Save and send
        </button>
      </div>
    </form>
  );
}
