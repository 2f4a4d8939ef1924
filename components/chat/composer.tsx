'use client';

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';

export function Composer({ streaming, onSend, onStop }: { streaming: boolean; onSend: (text: string) => void; onStop: () => void }) {
  const [text, setText] = useState('');
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const canSend = text.trim().length > 0 && !streaming;

  // Text typed before the page finished loading (hydration) is kept, not wiped.
  useEffect(() => {
    const typed = textareaRef.current?.value;
    if (typed) setText(typed);
  }, []);

  // Esc stops a streaming answer from anywhere on the page.
  useEffect(() => {
    if (!streaming) return;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') onStop();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [streaming, onStop]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text);
    setText('');
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter, and Enter while an IME composes, insert a newline.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={submit} className="flex items-end gap-2 rounded-xl border border-border bg-surface p-2 focus-within:border-accent">
      <textarea
        ref={textareaRef}
        aria-label="Message"
        placeholder="Message Claude…"
        rows={1}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        className="field-sizing-content max-h-60 min-h-10 flex-1 resize-none bg-transparent px-2 py-2 text-base outline-none placeholder:text-muted"
      />
      {streaming ? (
        <button
          type="button"
          onClick={onStop}
          className="rounded-lg bg-fg px-4 py-2 text-sm font-medium text-bg hover:opacity-90"
        >
          Stop
        </button>
      ) : (
        <button
          type="submit"
          disabled={!canSend}
          className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg hover:opacity-90 disabled:cursor-not-allowed disabled:opacity-40"
        >
          Send
        </button>
      )}
    </form>
  );
}
