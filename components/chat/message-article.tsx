'use client';

import { isToolUIPart, type DynamicToolUIPart, type ToolUIPart } from 'ai';
import { memo } from 'react';
import { Markdown } from '@/components/markdown/markdown';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { CopyMessageButton } from './copy-message-button';
import { MessageUsage } from './message-usage';
import { ReasoningPanel } from './reasoning-panel';
import { StopReasonNote } from './stop-reason-note';
import { WaitingIndicator } from './waiting-indicator';
import { ToolCallCard } from './tool-call-card';

type Props = { message: RillUIMessage; streaming: boolean; isLast: boolean; onContinue: () => void };

function MessageArticleImpl({ message, streaming, isLast, onContinue }: Props) {
  if (message.role === 'user') {
    return (
      <article data-role="user" className="self-end max-w-[85%] rounded-2xl bg-surface-strong px-4 py-2">
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

  const lastTextIndex = message.parts.findLastIndex((part) => part.type === 'text');
  const hasContent = message.parts.some((part) =>
    part.type === 'text' || part.type === 'reasoning' ? part.text.length > 0 : isToolUIPart(part),
  );
  return (
    <article data-role="assistant" aria-busy={streaming} className="min-w-0">
      {streaming && !hasContent && <WaitingIndicator />}
      {message.parts.map((part, index) => {
        if (part.type === 'text') {
          return <Markdown key={index} text={part.text} streaming={streaming && index === lastTextIndex} />;
        }
        if (part.type === 'reasoning') {
          return <ReasoningPanel key={index} text={part.text} streaming={streaming && part.state === 'streaming'} />;
        }
        if (isToolUIPart(part)) {
          return <ToolCallCard key={part.toolCallId} part={part as ToolUIPart | DynamicToolUIPart} />;
        }
        return null;
      })}
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

/** One message of the transcript; finished messages skip re-rendering while another streams. */
export const MessageArticle = memo(MessageArticleImpl);
