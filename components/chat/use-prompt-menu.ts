'use client';

import { useState, type KeyboardEvent } from 'react';
import { api } from '@/lib/api-client';
import type { McpPrompt } from '@/lib/mcp/types';
import { matchingPrompts, useMcpPrompts } from './use-mcp-prompts';

/** The id of an option of the `/` menu, for the message box's aria-activedescendant. */
export const promptOptionId = (menuId: string, index: number) => `${menuId}-option-${index}`;

/** While the menu is open, the composer holds `/` and the filter typed after it, with no space. */
const COMMAND = /^\/\S*$/;

/**
 * The composer's `/` menu of connector prompts: where this Rill offers connectors (`enabled`),
 * it opens when `/` is typed into an empty composer, filters as the person types, and closes on Esc, on a space, or when the text stops
 * being a command. A chosen prompt without arguments goes into the composer through `onText`;
 * one with arguments first asks for them (`argumentsFor`).
 */
export function usePromptMenu(onText: (text: string) => void, enabled: boolean) {
  const { list, load } = useMcpPrompts();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const [argumentsFor, setArgumentsFor] = useState<McpPrompt>();
  const [problem, setProblem] = useState<string>();

  const options = open && list.state === 'ready' ? matchingPrompts(list.prompts, query) : [];
  const active = options.length > 0 ? Math.min(activeIndex, options.length - 1) : -1;

  const close = () => setOpen(false);

  /** Told the composer's text before and after each edit. */
  const onTextChange = (before: string, after: string) => {
    setProblem(undefined);
    if (enabled && before === '' && after === '/') {
      setOpen(true);
      setQuery('');
      setActiveIndex(0);
      load();
    } else if (open && COMMAND.test(after)) {
      setQuery(after.slice(1));
      setActiveIndex(0);
    } else {
      close();
    }
  };

  const choose = (prompt: McpPrompt) => {
    close();
    setProblem(undefined);
    if (prompt.arguments.length > 0) {
      setArgumentsFor(prompt);
      return;
    }
    void api.getMcpPrompt(prompt.serverKey, prompt.name, {}).then((result) => (result.ok ? onText(result.data.text) : setProblem(result.error.message)));
  };

  /** The menu's keys while it is open; true when the key was the menu's. */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || event.nativeEvent.isComposing) return false;
    if (event.key === 'Escape') {
      // Esc closes the menu only: it must not also reach the page and stop a streaming answer.
      event.preventDefault();
      event.stopPropagation();
      close();
      return true;
    }
    // Enter before the prompts arrive would send the bare `/` as a message.
    if (event.key === 'Enter' && list.state === 'loading') {
      event.preventDefault();
      return true;
    }
    const chosen = options[active];
    if (!chosen) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((active + step + options.length) % options.length);
      return true;
    }
    if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
      event.preventDefault();
      choose(chosen);
      return true;
    }
    return false;
  };

  return {
    open,
    list,
    options,
    active,
    choose,
    close,
    onTextChange,
    onKeyDown,
    argumentsFor,
    closeArguments: () => setArgumentsFor(undefined),
    problem,
  };
}
