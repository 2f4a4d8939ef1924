'use client';

import type { ChatStatus } from 'ai';
import dynamic from 'next/dynamic';
import { Suspense, useEffect, useRef, type ReactNode } from 'react';
import type { MessageVersions } from '@/lib/conversations/branches';
import type { RetryNotice, RillUIMessage } from '@/lib/protocol/message-metadata';
import { CompletionAnnouncer } from './completion-announcer';
import type { MessageActions } from './message-article';
import { markdownOf, showsContent } from './message-segments';
import { useFollowStream } from './use-follow-stream';
import type { VersionControl } from './version-switcher';
import { WaitingIndicator } from './waiting-indicator';

// An empty chat shows no message: the message views (Markdown and its lexer, tool cards, tool
// approval, attachments…) are not part of its first load. The page loads them once it is idle
// (preloadMessageViews); a conversation rendered on the server preloads them with its HTML.
const MessageArticle = dynamic(() => import('./message-article').then((module) => module.MessageArticle));

/** Loads the message views and compiles the Markdown lexer, so that the first answer's first token waits for neither. */
export function preloadMessageViews(): void {
  void import('./message-article');
  void import('@/lib/markdown/blocks').then(({ warmUpLexer }) => warmUpLexer());
}

/** A message as plain text (whitespace kept), shown only if it arrives before the message views have loaded. */
function PlainMessage({ message }: { message: RillUIMessage }) {
  const text = <p className="whitespace-pre-wrap break-words">{markdownOf(message)}</p>;
  return message.role === 'user' ? (
    <article data-role="user" className="max-w-[85%] self-end rounded-2xl bg-surface-strong px-4 py-2">
      {text}
    </article>
  ) : (
    <article data-role="assistant" className="min-w-0">
      {text}
    </article>
  );
}

export function Transcript({
  messages,
  status,
  retrying,
  failureShown,
  actions,
  versions,
  focusVersion,
  emptyState,
}: {
  messages: RillUIMessage[];
  status: ChatStatus;
  /** Rill is waiting to try the first upstream call again. */
  retrying: RetryNotice | undefined;
  /** The chat explains a failure, with its own Retry, under the transcript. */
  failureShown: boolean;
  actions: MessageActions;
  /** The versions of the messages that have more than one. */
  versions: MessageVersions;
  /** The message just switched to, and the control that did it. */
  focusVersion: { id: string; control: VersionControl } | undefined;
  emptyState: ReactNode;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const { following, jumpToLatest } = useFollowStream(containerRef, contentRef);
  // Sending a message (or opening a conversation) shows the newest turn, even after scrolling up;
  // showing another version leaves the reader where they were, at the version control.
  const lastQuestionId = messages.findLast((message) => message.role === 'user')?.id;
  const lastSwitch = useRef(focusVersion);
  useEffect(() => {
    const switched = focusVersion !== undefined && focusVersion !== lastSwitch.current;
    lastSwitch.current = focusVersion;
    if (lastQuestionId && !switched) jumpToLatest();
  }, [lastQuestionId, jumpToLatest, focusVersion]);
  const busy = status === 'submitted' || status === 'streaming';
  const last = messages.at(-1);
  const waitingForFirstToken = status === 'submitted' && last?.role === 'user';

  return (
    <div className="relative min-h-0 flex-1">
      {/* Tokens are not announced one by one: the log is silent and the announcer reads each finished answer once. */}
      <div ref={containerRef} role="log" aria-label="Conversation" aria-live="off" className="h-full overflow-y-auto">
        <div ref={contentRef} className="mx-auto flex max-w-prose flex-col gap-6 px-4 py-6">
          {messages.length === 0 && emptyState}
          {messages.map((message, index) => (
            <Suspense key={message.id} fallback={<PlainMessage message={message} />}>
              <MessageArticle
                message={message}
                streaming={index === messages.length - 1 && message.role === 'assistant' && (busy || (status !== 'error' && isPlaceholder(message)))}
                isLast={index === messages.length - 1}
                busy={busy}
                alertShown={failureShown}
                actions={actions}
                versions={versions[message.id]}
                focusVersion={focusVersion?.id === message.id ? focusVersion.control : undefined}
                />
            </Suspense>
          ))}
          {waitingForFirstToken && <WaitingIndicator retrying={retrying} />}
        </div>
      </div>
      {!following && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full border border-border bg-surface px-3 py-1 text-sm shadow-md hover:bg-surface-strong"
        >
          Jump to latest
        </button>
      )}
      <CompletionAnnouncer messages={messages} busy={busy} />
    </div>
  );
}

/**
 * An answer that has begun but shows nothing and has not ended: it is waiting for its first
 * words, whatever the chat's status says (a reply to a resume request can set it to ready).
 */
function isPlaceholder(message: RillUIMessage): boolean {
  return !showsContent(message) && message.metadata?.durationMs === undefined && message.metadata?.stopReason === undefined;
}
