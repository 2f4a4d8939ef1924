'use client';

import { useCallback, useRef, useState } from 'react';
import { api } from '@/lib/api-client';
import type { McpPrompt } from '@/lib/mcp/types';

export type PromptList = { state: 'idle' | 'loading' } | { state: 'ready'; prompts: McpPrompt[] } | { state: 'error'; error: string };

/** What the person types after `/` to pick a prompt: `<server prefix>:<prompt name>`. */
export function promptCommand(prompt: McpPrompt): string {
  return `${prompt.serverPrefix}:${prompt.name}`;
}

/** The prompts whose command, title, description or server contain `query` (case aside). */
export function matchingPrompts(prompts: readonly McpPrompt[], query: string): McpPrompt[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...prompts];
  return prompts.filter((prompt) =>
    [promptCommand(prompt), prompt.title, prompt.description, prompt.serverTitle].some((field) => field?.toLowerCase().includes(needle)),
  );
}

/**
 * The prompts of the person's connectors, asked for the first time `load` is called (when the
 * `/` menu first opens), so that a page that never opens it pays nothing. A failed load is
 * tried again the next time.
 */
export function useMcpPrompts() {
  const [list, setList] = useState<PromptList>({ state: 'idle' });
  const loading = useRef(false);

  const load = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    setList({ state: 'loading' });
    void api.listMcpPrompts().then((result) => {
      if (result.ok) {
        setList({ state: 'ready', prompts: result.data.prompts });
      } else {
        loading.current = false;
        setList({ state: 'error', error: result.error.message });
      }
    });
  }, []);

  return { list, load };
}
