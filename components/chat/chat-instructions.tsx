'use client';

import { useRef, useState } from 'react';
import { PromptField } from '@/components/settings/prompt-field';
import { MAX_SYSTEM_PROMPT_CHARS } from '@/lib/limits';
import type { ChatPrompt } from './use-chat-prompt';
import { DialogActions } from '@/components/shell/dialog-actions';
import { ModalDialog } from '@/components/shell/modal-dialog';

function InstructionsIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" className="size-4 shrink-0">
      <path d="M5 3.5h7l3 3v10H5z" />
      <path d="M7.5 9h5M7.5 12h5M7.5 6h2.5" />
    </svg>
  );
}

/**
 * The chat's own instructions in its header: a button to add them, or, once set, a "Chat
 * instructions" chip that shows they are on; either opens the dialog that edits them. Both are
 * one button, so the focus comes back to it when the dialog closes.
 */
export function ChatInstructions({ prompt, chatSaved }: { prompt: ChatPrompt; chatSaved: boolean }) {
  const [open, setOpen] = useState(false);
  const set = prompt.system.trim() !== '';
  return (
    <>
      {set ? (
        <button
          type="button"
          aria-haspopup="dialog"
          aria-label="Chat instructions"
          title={prompt.system.slice(0, 200)}
          onClick={() => setOpen(true)}
          className="flex items-center gap-1 rounded-full border border-accent px-2 py-1 text-xs font-medium text-accent hover:bg-surface-strong"
        >
          <InstructionsIcon />
          <span aria-hidden="true" className="hidden sm:inline">
            Chat instructions
          </span>
        </button>
      ) : (
        <button
          type="button"
          aria-haspopup="dialog"
          aria-label="Add chat instructions"
          title="Add chat instructions"
          onClick={() => setOpen(true)}
          className="rounded-md p-2 text-muted hover:bg-surface-strong hover:text-fg"
        >
          <InstructionsIcon />
        </button>
      )}
      {open && <ChatInstructionsDialog prompt={prompt} chatSaved={chatSaved} onClose={() => setOpen(false)} />}
    </>
  );
}

/** A modal (focus stays inside, Esc closes it, focus returns to the button that opened it). */
function ChatInstructionsDialog({ prompt, chatSaved, onClose }: { prompt: ChatPrompt; chatSaved: boolean; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(prompt.system);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  // Closing the dialog itself (rather than unmounting it) gives the focus back to the button.
  const close = () => dialogRef.current?.close();

  const save = async () => {
    setSaving(true);
    const problem = await prompt.save(draft, chatSaved);
    setSaving(false);
    if (problem) setError(problem);
    else close();
  };

  return (
    <ModalDialog ref={dialogRef} open labelledBy="chat-instructions-title" onClose={onClose} widthClass="w-[min(36rem,calc(100vw-2rem))]">
      <form
        className="space-y-4 p-5"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <h2 id="chat-instructions-title" className="text-lg font-semibold">
          Chat instructions
        </h2>
        <PromptField
          label="Instructions for this chat"
          description="Claude reads these before every message of this chat, after your custom instructions from Settings. Leave empty for none."
          value={draft}
          onChange={(value) => {
            setDraft(value);
            setError(undefined);
          }}
          maxChars={MAX_SYSTEM_PROMPT_CHARS}
          rows={6}
        />
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <DialogActions onCancel={close} submit="Save" busy={saving} />
      </form>
    </ModalDialog>
  );
}
