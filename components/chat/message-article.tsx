'use client';

import { memo } from 'react';
import { Markdown } from '@/components/markdown/markdown';
import { messageSegments } from '@/lib/chat/message-segments';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { CopyMessageButton } from './copy-message-button';
import { MessageUsage } from './message-usage';
import { ReasoningPanel } from './reasoning-panel';
import { SourcesList } from './sources-list';
import { StopReasonNote } from './stop-reason-note';
import { ToolCallCard } from './tool-call-card';
import { WaitingIndicator } from './waiting-indicator';

type Props = { message: RillUIMessage; streaming: boolean; isLast: boolean; onContinue: () => void };

function UserMessage({ message }: { message: RillUIMessage }) {
  return (
    <article data-role="user" className="max-w-[85%] self-end rounded-2xl bg-surface-strong px-4 py-2">
      {message.parts.map((part, index) =>
        part.type === 'text' ? (
          <p key={index} className="whitespace-pre-wrap break-words">
            {part.text}
          </p>
        ) : null,
      )}
    </article>
  );
}

function AssistantMessage({ message, streaming, isLast, onContinue }: Props) {
  const { segments, sources } = messageSegments(message.parts);
  const hasContent = segments.some((segment) => segment.kind !== 'markdown' || segment.text.length > 0);
  const lastSegment = segments.at(-1);

  return (
    <article data-role="assistant" aria-busy={streaming} className="min-w-0">
      {streaming && !hasContent && <WaitingIndicator />}
      {segments.map((segment) => {
        switch (segment.kind) {
          case 'markdown':
            return <Markdown key={segment.key} text={segment.text} streaming={streaming && segment === lastSegment} />;
          case 'reasoning': {
            const { part } = segment;
            return (
              <ReasoningPanel
                key={segment.key}
                text={part.text}
                streaming={streaming && part.state === 'streaming'}
                thinkingMs={part.id ? message.metadata?.thinkingMs?.[part.id] : undefined}
                redacted={Boolean(part.providerMetadata?.anthropic?.redactedData)}
              />
            );
          }
          case 'tool':
            return <ToolCallCard key={segment.key} part={segment.part} />;
        }
      })}
      <SourcesList sources={sources} />
      <StopReasonNote metadata={message.metadata} canContinue={isLast && !streaming} onContinue={onContinue} />
      <div className="flex items-start justify-between gap-2">
        <MessageUsage message={message} />
        {!streaming && <CopyMessageButton markdown={markdownOf(message)} />}
      </div>
    </article>
  );
}

function markdownOf(message: RillUIMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function MessageArticleImpl(props: Props) {
  return props.message.role === 'user' ? <UserMessage message={props.message} /> : <AssistantMessage {...props} />;
}

/** One message of the transcript; finished messages skip re-rendering while another streams. */
export const MessageArticle = memo(MessageArticleImpl);
