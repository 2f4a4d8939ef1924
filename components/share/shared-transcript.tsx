'use client';

import { MessageArticle, type MessageActions } from '@/components/chat/message-article';
import { toUIMessages } from '@/lib/conversations/ui-messages';
import type { SharedMessage } from '@/lib/db/queries';

// Never called: with `busy` set, no message offers an action that would start an answer (edit,
// regenerate, continue), and a snapshot is one branch, so no message has versions to switch. Copy stays.
const READ_ONLY: MessageActions = { onContinue: () => {}, onRegenerate: () => {}, onResend: () => {}, onShowVersion: () => {} };

/** A shared conversation's messages, drawn by the chat's own message components, read-only. */
export function SharedTranscript({ messages }: { messages: SharedMessage[] }) {
  return (
    <div role="log" aria-label="Conversation" className="mx-auto flex max-w-prose flex-col gap-6 px-4 py-6">
      {toUIMessages(messages).map((message, index) => (
        <MessageArticle key={message.id} message={message} streaming={false} isLast={index === messages.length - 1} busy alertShown actions={READ_ONLY} versions={undefined} focusVersion={undefined} />
      ))}
    </div>
  );
}
