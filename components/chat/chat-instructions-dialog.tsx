'use client';

import { useRef, useState } from 'react';
import { PromptField } from '@/components/settings/prompt-field';
import { DialogActions } from '@/components/shell/dialog-actions';
import { ModalDialog } from '@/components/shell/modal-dialog';
import { MAX_SYSTEM_PROMPT_CHARS } from '@/lib/limits';
import type { ChatPrompt } from './use-chat-prompt';

/** A modal (focus stays inside, Esc closes it, focus returns to the button that opened it). */
export function ChatInstructionsDialog({ prompt, chatSaved, onClose }: { prompt: ChatPrompt; chatSaved: boolean; onClose: () => void }) {
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
