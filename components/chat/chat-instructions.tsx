'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { ChatPrompt } from './use-chat-prompt';

// The dialog's code loads when the button is pointed at or focused, at the latest on opening it.
const loadChatInstructionsDialog = () => import('./chat-instructions-dialog');
const ChatInstructionsDialog = dynamic(() => loadChatInstructionsDialog().then((module) => module.ChatInstructionsDialog), { loading: () => null });

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
          onPointerEnter={() => void loadChatInstructionsDialog()}
          onFocus={() => void loadChatInstructionsDialog()}
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
          onPointerEnter={() => void loadChatInstructionsDialog()}
          onFocus={() => void loadChatInstructionsDialog()}
          className="rounded-md p-2 text-muted hover:bg-surface-strong hover:text-fg"
        >
          <InstructionsIcon />
        </button>
      )}
      {open && <ChatInstructionsDialog prompt={prompt} chatSaved={chatSaved} onClose={() => setOpen(false)} />}
    </>
  );
}
