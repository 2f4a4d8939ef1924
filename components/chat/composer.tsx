'use client';

import type { FileUIPart } from 'ai';
import dynamic from 'next/dynamic';
import { memo, useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { ATTACHMENT_ACCEPT, checkModelSupport } from '@/lib/attachments/rules';
import { attachmentSupport, DEMO_MODEL_ID, type ModelOption } from '@/lib/models';
import { AttachmentChip } from './attachment-chip';
import { useAttachmentUploads } from './attachment-uploads';
import { ContextGauge } from './context-gauge';
import { promptOptionId, usePromptMenu } from './use-prompt-menu';

// The `/` menu and a prompt's arguments dialog are code only people with connectors' prompts run:
// it loads once the message box has the focus, at the latest when the menu opens.
const loadPromptMenu = () => import('./prompt-menu');
const loadPromptArgumentsDialog = () => import('./prompt-arguments-dialog');
const PromptMenu = dynamic(() => loadPromptMenu().then((module) => module.PromptMenu), { loading: () => null });
const PromptArgumentsDialog = dynamic(() => loadPromptArgumentsDialog().then((module) => module.PromptArgumentsDialog), { loading: () => null });

function preloadPromptViews(): void {
  void loadPromptMenu();
  void loadPromptArgumentsDialog();
}

type Props = {
  /** The conversation the attached files are uploaded for. */
  conversationId: string;
  /** The selected model, which must be able to read the attached files. */
  model: ModelOption;
  streaming: boolean;
  onSend: (text: string, files: FileUIPart[]) => void;
  onStop: () => void;
  /** Anthropic's count of the conversation so far; undefined until there is one. */
  contextTokens: number | undefined;
  /** The model's context window, in tokens. */
  windowTokens: number;
  /** Whether `/` offers the connectors' prompts (where this Rill offers connectors). */
  prompts: boolean;
};

const hasFiles = (transfer: DataTransfer) => Array.from(transfer.types).includes('Files');

function ComposerImpl({ conversationId, model, streaming, onSend, onStop, contextTokens, windowTokens, prompts }: Props) {
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const uploads = useAttachmentUploads(conversationId);
  const promptMenuId = useId();
  // A prompt's text replaces the draft, which the person can still edit before sending.
  const fillWithPrompt = (promptText: string) => {
    setText(promptText);
    textareaRef.current?.focus();
  };
  const promptMenu = usePromptMenu(fillWithPrompt, prompts);
  const unsupported = checkModelSupport(
    { label: model.label, support: attachmentSupport(model.id) },
    uploads.attachments.map((attachment) => ({ name: attachment.filename, mediaType: attachment.mediaType })),
  );
  const problems = [...uploads.problems, ...(unsupported ? [unsupported.message] : []), ...(promptMenu.problem ? [promptMenu.problem] : [])];
  const canSend = (text.trim().length > 0 || uploads.attachments.length > 0) && !streaming && !uploads.uploading && !unsupported;

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
    onSend(text, uploads.take());
    setText('');
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (promptMenu.onKeyDown(event)) return;
    // Enter sends; Shift+Enter, and Enter while an IME composes, insert a newline.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    // A pasted file is attached; text pasted along with it still goes into the message.
    if (!event.clipboardData.types.includes('text/plain')) event.preventDefault();
    void uploads.add(files);
  };

  const onDragOver = (event: DragEvent<HTMLFormElement>) => {
    if (!hasFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    setDragging(false);
    if (!hasFiles(event.dataTransfer)) return;
    event.preventDefault();
    void uploads.add(Array.from(event.dataTransfer.files));
  };

  return (
    <>
      <form
        onSubmit={submit}
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`relative flex flex-col gap-2 rounded-xl border bg-surface p-2 focus-within:border-accent ${dragging ? 'border-accent' : 'border-border'}`}
      >
        {promptMenu.open && <PromptMenu id={promptMenuId} list={promptMenu.list} options={promptMenu.options} active={promptMenu.active} onChoose={promptMenu.choose} />}
        {problems.length > 0 && (
          <div role="alert" className="rounded-lg border border-danger/40 bg-danger-surface px-3 py-2 text-sm text-danger">
            {problems.map((problem, index) => (
              <p key={`${index}-${problem}`}>{problem}</p>
            ))}
          </div>
        )}
        {uploads.attachments.length > 0 && (
          <ul aria-label="Attached files" className="flex flex-wrap gap-2">
            {uploads.attachments.map((attachment) => (
              <AttachmentChip key={attachment.key} attachment={attachment} onRemove={() => uploads.remove(attachment.key)} />
            ))}
          </ul>
        )}
        <div className="flex items-end gap-2">
          <button
            type="button"
            aria-label="Attach files"
            title="Attach images or PDFs"
            onClick={() => fileInputRef.current?.click()}
            className="flex size-10 shrink-0 items-center justify-center rounded-lg text-muted hover:bg-surface-strong hover:text-fg"
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
              <path d="M20.5 11.5l-8.1 8.1a5 5 0 0 1-7.1-7.1l8.5-8.5a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-2.8-2.8l7.8-7.8" />
            </svg>
          </button>
          <input
            ref={fileInputRef}
            type="file"
            multiple
            hidden
            accept={ATTACHMENT_ACCEPT}
            onChange={(event) => {
              void uploads.add(Array.from(event.target.files ?? []));
              // The same file can be picked again after it was removed.
              event.target.value = '';
            }}
          />
          <textarea
            ref={textareaRef}
            aria-label="Message"
            placeholder={model.id === DEMO_MODEL_ID ? 'Message the demo model…' : 'Message Claude…'}
            rows={1}
            value={text}
            onChange={(event) => {
              promptMenu.onTextChange(text, event.target.value);
              setText(event.target.value);
            }}
            onKeyDown={onKeyDown}
            onFocus={prompts ? preloadPromptViews : undefined}
            onBlur={promptMenu.close}
            aria-autocomplete="list"
            aria-haspopup="listbox"
            aria-controls={promptMenu.options.length > 0 ? promptMenuId : undefined}
            aria-activedescendant={promptMenu.active >= 0 ? promptOptionId(promptMenuId, promptMenu.active) : undefined}
            onPaste={onPaste}
            className="field-sizing-content max-h-60 min-h-10 min-w-0 flex-1 resize-none bg-transparent px-2 py-2 text-base outline-none placeholder:text-muted"
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
        </div>
        {contextTokens !== undefined && (
          <div className="flex justify-end px-2">
            <ContextGauge tokens={contextTokens} windowTokens={windowTokens} />
          </div>
        )}
      </form>
      {/* Outside the composer's form: submitting the dialog's own form must not also send the message. */}
      {promptMenu.argumentsFor && <PromptArgumentsDialog prompt={promptMenu.argumentsFor} onText={fillWithPrompt} onClose={promptMenu.closeArguments} />}
    </>
  );
}

/** Memoised: its props do not change while an answer streams, so chunks do not re-render it. */
export const Composer = memo(ComposerImpl);
