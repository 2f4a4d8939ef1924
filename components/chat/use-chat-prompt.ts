'use client';

import { useCallback, useState } from 'react';
import { api } from '@/lib/api-client';

export type ChatPrompt = {
  /** The chat's own system prompt; empty when it has none. */
  system: string;
  /** Keeps a new prompt (at once on the server too once the chat is saved); resolves with why it could not be saved, or undefined. */
  save: (system: string, chatSaved: boolean) => Promise<string | undefined>;
};

/**
 * A chat's system prompt. Every chat request carries it, and the server saves it with the
 * conversation's settings; a chat already saved is also updated at once, so a change holds
 * without sending anything. A new chat holds it here until its first message.
 */
export function useChatPrompt(conversationId: string, initial: string): ChatPrompt {
  const [system, setSystem] = useState(initial);
  const save = useCallback(
    async (next: string, chatSaved: boolean) => {
      if (chatSaved) {
        const result = await api.setChatPrompt(conversationId, next);
        // Not found: the first message was refused before the chat was saved; the next one saves it.
        if (!result.ok && result.error.status !== 404) return result.error.message;
      }
      setSystem(next);
      return undefined;
    },
    [conversationId],
  );
  return { system, save };
}
