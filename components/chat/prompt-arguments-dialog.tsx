'use client';

import { useId, useRef, useState } from 'react';
import { DialogActions } from '@/components/shell/dialog-actions';
import { ModalDialog } from '@/components/shell/modal-dialog';
import { api } from '@/lib/api-client';
import type { McpPrompt } from '@/lib/mcp/types';
import { promptCommand } from './use-mcp-prompts';

type Props = {
  prompt: McpPrompt;
  /** The prompt's text, filled in: it goes into the composer. */
  onText: (text: string) => void;
  onClose: () => void;
};

/** Asks for a prompt's arguments (a field each, the required ones marked), then fetches its text from the server. */
export function PromptArgumentsDialog({ prompt, onText, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fieldId = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const [fetching, setFetching] = useState(false);
  const [error, setError] = useState<string>();

  // Closing the dialog itself (rather than unmounting it) gives the focus back to the message box.
  const close = () => dialogRef.current?.close();

  const submit = async () => {
    setFetching(true);
    setError(undefined);
    const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
    const result = await api.getMcpPrompt(prompt.serverKey, prompt.name, given);
    setFetching(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    close();
    onText(result.data.text);
  };

  return (
    <ModalDialog ref={dialogRef} open labelledBy={titleId} onClose={onClose} widthClass="w-[min(32rem,calc(100vw-2rem))]">
      <form
        className="space-y-4 p-5"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div>
          <h2 id={titleId} className="text-lg font-semibold">
            {prompt.title ?? prompt.name}
          </h2>
          <p className="text-sm text-muted">
            <span className="font-mono">/{promptCommand(prompt)}</span> from {prompt.serverTitle}
          </p>
        </div>
        {prompt.arguments.map((argument, index) => {
          const id = `${fieldId}-${index}`;
          return (
            <div key={argument.name} className="space-y-1">
              <label htmlFor={id} className="block text-sm font-medium">
                {argument.name}
                {argument.required && <span className="font-normal text-muted"> (required)</span>}
              </label>
              <input
                id={id}
                required={argument.required}
                value={values[argument.name] ?? ''}
                onChange={(event) => setValues((current) => ({ ...current, [argument.name]: event.target.value }))}
                aria-describedby={argument.description ? `${id}-description` : undefined}
                className="w-full rounded-lg border border-border bg-surface px-3 py-2 outline-none focus:border-accent"
              />
              {argument.description && (
                <p id={`${id}-description`} className="text-xs text-muted">
                  {argument.description}
                </p>
              )}
            </div>
          );
        })}
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
        <DialogActions onCancel={close} submit={fetching ? 'Getting the prompt…' : 'Use prompt'} busy={fetching} />
      </form>
    </ModalDialog>
  );
}
