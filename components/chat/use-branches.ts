'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { api } from '@/lib/api-client';
import { announceConversationsChanged } from '@/lib/conversations/events';
import { withNewVersion, type GrowingVersions, type MessageVersions } from '@/lib/conversations/branches';
import { toUIMessages } from '@/lib/conversations/ui-messages';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import type { VersionControl } from './version-switcher';

type Branches = {
  /** The versions of the messages shown that have more than one. */
  versions: MessageVersions;
  /** The message that will get a new version beside it (it is edited, or answered again). */
  growing?: GrowingVersions;
  /** After a switch: the control to put the keyboard back on, under the message now shown. */
  focus?: { id: string; control: VersionControl };
};

/**
 * The versions of the conversation's messages: which each shown message has, adding the one an
 * edit or a regenerated answer makes, and showing another (the server keeps which branch is
 * current, and answers with it).
 */
export function useBranches({
  conversationId,
  initialVersions,
  messages,
  replaceMessages,
}: {
  conversationId: string;
  initialVersions: MessageVersions;
  messages: RillUIMessage[];
  replaceMessages: (messages: RillUIMessage[]) => void;
}) {
  const [branches, setBranches] = useState<Branches>({ versions: initialVersions });
  const [error, setError] = useState<string>();
  // Only the ids matter: the versions keep their identity while an answer streams.
  const path = messages.map((message) => message.id).join('\n');
  const versions = useMemo(() => withNewVersion(branches.versions, branches.growing, path ? path.split('\n') : []), [branches, path]);
  const current = useRef({ versions, messages });
  const switching = useRef(false);
  current.current = { versions, messages };

  const willAddVersionOf = useCallback((messageId: string) => {
    const { versions, messages } = current.current;
    const index = messages.findIndex((message) => message.id === messageId);
    if (index < 0) return;
    setBranches({ versions, growing: { parentId: messages[index - 1]?.id ?? null, ids: versions[messageId] ?? [messageId] } });
  }, []);

  const showVersion = useCallback(
    async (messageId: string, control: VersionControl) => {
      // A click while a switch is on its way would choose from the versions about to be replaced.
      if (switching.current) return;
      switching.current = true;
      setError(undefined);
      const chosen = await api.chooseVersion(conversationId, messageId).finally(() => {
        switching.current = false;
      });
      if (!chosen.ok) {
        setError(chosen.error.message);
        return;
      }
      replaceMessages(toUIMessages(chosen.data.messages));
      // Another version of the first message can rename the chat.
      announceConversationsChanged();
      setBranches({ versions: chosen.data.versions, focus: { id: messageId, control } });
    },
    [conversationId, replaceMessages],
  );

  return { versions, focus: branches.focus, error, willAddVersionOf, showVersion };
}
