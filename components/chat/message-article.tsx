'use client';

import type { FileUIPart } from 'ai';
import { memo, useState } from 'react';
import { Markdown } from '@/components/markdown/markdown';
import { markdownOf, messageSegments } from './message-segments';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';
import { ActionButton } from './action-button';
import { AttachmentList } from './attachment-list';
import { CopyMessageButton } from './copy-message-button';
import { EditMessageForm } from './edit-message-form';
import { MessageUsage } from './message-usage';
import { ReasoningPanel } from './reasoning-panel';
import { SourcesList } from './sources-list';
import { StopReasonNote } from './stop-reason-note';
import { ToolCallCard } from './tool-call-card';
import { VersionSwitcher, type VersionControl } from './version-switcher';
import { WaitingIndicator } from './waiting-indicator';

export type MessageActions = {
  onContinue: () => void;
  onRegenerate: () => void;
  /** Sends an edited message as a new version beside the original; its attached files go with it. */
  onResend: (messageId: string, text: string, files: FileUIPart[]) => void;
  /** Shows another version of a message, and what followed it. */
  onShowVersion: (messageId: string, control: VersionControl) => void;
};

type Props = {
  message: RillUIMessage;
  /** This message is the one streaming. */
  streaming: boolean;
  isLast: boolean;
  /** Some answer is streaming, so actions that start a new one wait. */
  busy: boolean;
  /** The chat explains a failure, with its own Retry, under the transcript. */
  alertShown: boolean;
  actions: MessageActions;
  /** The ids of this message's versions, when it has more than one. */
  versions: string[] | undefined;
  /** This message was just switched to with this control: the keyboard goes back to it. */
  focusVersion: VersionControl | undefined;
};

function Versions({ message, busy, actions, versions, focusVersion }: Props) {
  if (!versions) return null;
  return <VersionSwitcher ids={versions} current={message.id} disabled={busy} focus={focusVersion} onShow={actions.onShowVersion} />;
}

function UserMessage(props: Props) {
  const { message, busy, actions } = props;
  const [editing, setEditing] = useState(false);
  const text = markdownOf(message);
  const files = message.parts.filter((part) => part.type === 'file');
  if (editing) {
    return (
      <article data-role="user" className="w-full max-w-[85%] self-end">
        <AttachmentList files={files} />
        <EditMessageForm
          initialText={text}
          onCancel={() => setEditing(false)}
          onSubmit={(edited) => {
            setEditing(false);
            actions.onResend(message.id, edited, files);
          }}
        />
      </article>
    );
  }
  return (
    <article data-role="user" className="group flex max-w-[85%] flex-col items-end self-end">
      <AttachmentList files={files} />
      {text && (
        <div className="rounded-2xl bg-surface-strong px-4 py-2">
          <p className="whitespace-pre-wrap break-words">{text}</p>
        </div>
      )}
      <div className="mt-1 flex items-center gap-1">
        <Versions {...props} />
        {!busy && (
          <ActionButton label="Edit message" onClick={() => setEditing(true)}>
            Edit
          </ActionButton>
        )}
      </div>
    </article>
  );
}

function AssistantMessage(props: Props) {
  const { message, streaming, isLast, busy, alertShown, actions } = props;
  const { segments, sources } = messageSegments(message.parts);
  const hasContent = segments.some((segment) => segment.kind !== 'markdown' || segment.text.length > 0);
  const lastSegment = segments.at(-1);
  // After a failure the alert or the note below offers Retry (or says why it cannot help).
  const failed = alertShown || message.metadata?.stopReason === 'error' || message.metadata?.stopReason === 'budget';

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
      {streaming && message.metadata?.reconnecting && (
        <p role="status" aria-label="Reconnecting" className="animate-pulse text-sm text-muted motion-reduce:animate-none">
          Reconnecting to Claude… (attempt {message.metadata.reconnecting.attempt} of {message.metadata.reconnecting.maxAttempts})
        </p>
      )}
      <SourcesList sources={sources} />
      {/* A continued answer keeps how it ended before until the continuation ends. */}
      {!streaming && (
        <StopReasonNote
          metadata={message.metadata}
          canContinue={isLast && !busy}
          onContinue={actions.onContinue}
          onRetry={actions.onRegenerate}
          alertShown={alertShown}
        />
      )}
      <div className="flex items-start justify-between gap-2">
        {(hasContent || !streaming) && <MessageUsage message={message} />}
        {(hasContent || !streaming) && (
          <div className="flex shrink-0 items-center gap-1">
            <Versions {...props} />
            {!streaming && <CopyMessageButton markdown={markdownOf(message)} />}
            {!streaming && isLast && !busy && !failed && (
              <ActionButton label="Regenerate answer" onClick={actions.onRegenerate}>
                Regenerate
              </ActionButton>
            )}
          </div>
        )}
      </div>
    </article>
  );
}

function MessageArticleImpl(props: Props) {
  return props.message.role === 'user' ? <UserMessage {...props} /> : <AssistantMessage {...props} />;
}

/** One message of the transcript; finished messages skip re-rendering while another streams. */
export const MessageArticle = memo(MessageArticleImpl);
