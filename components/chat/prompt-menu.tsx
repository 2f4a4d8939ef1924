'use client';

import type { McpPrompt } from '@/lib/mcp/types';
import { promptCommand, type PromptList } from './use-mcp-prompts';
import { promptOptionId } from './use-prompt-menu';

type Props = {
  id: string;
  list: PromptList;
  /** The prompts that match what was typed after `/`. */
  options: readonly McpPrompt[];
  active: number;
  onChoose: (prompt: McpPrompt) => void;
};

/**
 * The `/` menu above the message box: the connectors' prompts as `/<server>:<prompt>` with
 * their description. The focus stays in the message box, which points at the active option.
 */
export function PromptMenu({ id, list, options, active, onChoose }: Props) {
  const note =
    list.state === 'error'
      ? list.error
      : list.state !== 'ready'
        ? 'Loading prompts…'
        : list.prompts.length === 0
          ? 'Your connectors offer no prompts.'
          : options.length === 0
            ? 'No prompt matches.'
            : undefined;
  return (
    <div className="absolute inset-x-0 bottom-full mb-2 max-h-72 overflow-y-auto rounded-xl border border-border bg-surface p-1 shadow-lg">
      {note !== undefined && (
        <p role={list.state === 'error' ? 'alert' : 'status'} className={`px-3 py-2 text-sm ${list.state === 'error' ? 'text-danger' : 'text-muted'}`}>
          {note}
        </p>
      )}
      {options.length > 0 && (
        <ul id={id} role="listbox" aria-label="Prompts">
          {options.map((prompt, index) => (
            <li
              key={`${prompt.serverKey}/${prompt.name}`}
              id={promptOptionId(id, index)}
              role="option"
              aria-selected={index === active}
              // The message box keeps the focus (and its text) while an option is clicked.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onChoose(prompt)}
              className={`cursor-pointer rounded-lg px-3 py-2 text-sm ${index === active ? 'bg-surface-strong' : 'hover:bg-surface-strong'}`}
            >
              <span className="font-mono text-fg">/{promptCommand(prompt)}</span>
              {(prompt.description ?? prompt.title) && <span className="text-muted"> — {prompt.description ?? prompt.title}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
