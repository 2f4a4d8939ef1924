'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, uiMessageChunkSchema, type FileUIPart } from 'ai';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isConnectionError } from './error-message';
import { markStopped } from './mark-stopped';
import { announceConversationsChanged } from '@/lib/conversations/events';
import { contextUse } from '@/lib/conversations/context';
import { contextWindow, thinkingSupport, type ModelOption } from '@/lib/models';
import type { BudgetLeft, RillUIMessage } from '@/lib/protocol/message-metadata';
import { ChatSettings, type ThinkingSetting } from './chat-settings';
import { Composer } from './composer';
import { ContextWarning } from './context-warning';
import { ConversationUsage } from './conversation-usage';
import { DemoBanner } from './demo-banner';
import { ErrorAlert } from './error-alert';
import { ExportLinks } from './export-links';
import type { MessageActions } from './message-article';
import { ModelPicker } from './model-picker';
import { focusMessageBox } from './message-box';
import { EmptyState, type ExamplePrompt } from './empty-state';
import { SidebarToggle } from '@/components/shell/sidebar-toggle';
import { whenIdle } from '@/components/markdown/when-idle';
import { warmUpLexer } from '@/lib/markdown/blocks';
import { Transcript } from './transcript';

// Re-render at most every 50 ms while an answer streams: smooth to the eye, cheap for long answers.
const RENDER_THROTTLE_MS = 50;

/** Whether the answer shows anything yet: until it does, every chunk is rendered at once. */
function showsContent(message: RillUIMessage | undefined): boolean {
  return (
    message?.role === 'assistant' &&
    message.parts.some((part) => (part.type === 'text' || part.type === 'reasoning' ? part.text !== '' : part.type.startsWith('tool-')))
  );
}
const RECONNECT_DELAY_MS = 1_000;

/**
 * Validates a text delta, and an object without a type that every member of the chunk union
 * rejects: zod builds each member's parser on its first use, and this way none is left to
 * build when the first chunks arrive.
 */
function warmUpChunkSchema(): void {
  const schema = uiMessageChunkSchema();
  for (const chunk of [{ type: 'text-delta', id: 'warm-up', delta: 'warm-up' }, {}]) void schema.validate?.(chunk);
}

/** The conversation as saved on the server, after an answer finished while the browser was away. */
async function loadConversationMessages(id: string): Promise<RillUIMessage[] | undefined> {
  const response = await fetch(`/api/conversations/${encodeURIComponent(id)}`, { cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const conversation = (await response.json()) as { messages: Array<Pick<RillUIMessage, 'id' | 'role' | 'parts' | 'metadata'>> };
  return conversation.messages.map(({ id: messageId, role, parts, metadata }) => ({ id: messageId, role, parts, ...(metadata ? { metadata } : {}) }));
}

export type ConversationSettings = { model?: string; thinking?: ThinkingSetting; webSearch?: boolean };

export type ChatProps = {
  conversationId: string;
  initialMessages: RillUIMessage[];
  initialSettings: ConversationSettings;
  models: ModelOption[];
  defaultModel: string;
  demoMode: boolean;
  /** The reader dismissed the demo-mode banner (a cookie). */
  demoBannerDismissed: boolean;
  /** Replaces the built-in context window of every model (RILL_CONTEXT_WINDOW_TOKENS). */
  contextWindowOverride?: number | undefined;
  /** Whether the operator turned on the web tools (RILL_WEB_TOOLS). */
  webTools: boolean;
  /** What is left of today's budget as the page loaded; undefined when no budget is set. */
  budget: BudgetLeft | undefined;
};

export function Chat({ conversationId, initialMessages, initialSettings, models, defaultModel, demoMode, demoBannerDismissed, contextWindowOverride, webTools, budget: initialBudget }: ChatProps) {
  const [model, setModel] = useState(
    initialSettings.model && models.some((m) => m.id === initialSettings.model) ? initialSettings.model : defaultModel,
  );
  const [thinking, setThinking] = useState<ThinkingSetting>(initialSettings.thinking ?? { enabled: false, budgetTokens: 8_192 });
  // A conversation saved with web search on asks for it no longer once the operator turned it off.
  const [webSearch, setWebSearch] = useState(webTools && (initialSettings.webSearch ?? false));
  // Each answer ends with what is left of the budget (a transient data chunk).
  const [budget, setBudget] = useState(initialBudget);
  // The transport reads the current settings when it sends, without being rebuilt.
  const settings = useRef({ model, thinking, webSearch });
  settings.current = { model, thinking, webSearch };

  const transport = useMemo(
    () =>
      new DefaultChatTransport<RillUIMessage>({
        api: '/api/chat',
        // The server keeps the history: send only the new (or edited) message and the settings.
        prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => ({
          body: { id, message: messages.findLast((m) => m.role === 'user'), trigger, messageId, ...settings.current },
        }),
      }),
    [],
  );

  // On a fresh page, the first answer would pay on its first token's path for building the
  // stream's chunk schema and for compiling the Markdown lexer (≈ 10 ms each in the bench's
  // first-token trace): both are done once, in idle time, as soon as the page is up.
  useEffect(() => {
    const pending = [whenIdle(warmUpChunkSchema), whenIdle(warmUpLexer)];
    return () => pending.forEach((idle) => idle.cancel());
  }, []);

  const setMessagesRef = useRef<(update: (messages: RillUIMessage[]) => RillUIMessage[]) => void>(() => {});
  // The throttle would hold the first token back behind the answer's opening chunks (up to
  // 50 ms): it applies only once the answer shows something. Set from the previous render.
  const throttleRenders = useRef(false);
  const { id, messages, sendMessage, regenerate, stop, status, error, clearError, setMessages, resumeStream } = useChat<RillUIMessage>({
    id: conversationId,
    messages: initialMessages,
    transport,
    // After a reload, reattach to an answer still being written (replayed from its start).
    resume: true,
    throttle: throttleRenders.current ? RENDER_THROTTLE_MS : undefined,
    onData: (part) => {
      if (part.type === 'data-budget') setBudget(part.data);
    },
    onFinish: ({ message, messages: all, isAbort }) => {
      // An aborted stream never receives the server's closing chunks: mark the answer here.
      if (isAbort && message.role === 'assistant') {
        setMessagesRef.current((all) => all.map((m) => (m.id === message.id ? markStopped(m) : m)));
      }
      announceConversationsChanged();
      // A new conversation's title is written just after its first answer: look again shortly.
      if (all.length <= 2) setTimeout(announceConversationsChanged, 2_000);
    },
  });
  setMessagesRef.current = setMessages;
  throttleRenders.current = status === 'streaming' && showsContent(messages.at(-1));

  const streaming = status === 'submitted' || status === 'streaming';
  const windowTokens = contextWindowOverride ?? contextWindow(model);
  const context = contextUse(messages, windowTokens);

  const send = useCallback(
    (text: string, files: FileUIPart[] = []) => {
      clearError();
      void sendMessage({ text, files });
    },
    [sendMessage, clearError, id],
  );

  const sendExample = useCallback(
    (example: ExamplePrompt) => {
      if (example.thinking && thinkingSupport(settings.current.model) !== 'none') {
        const withThinking = { ...settings.current.thinking, enabled: true };
        setThinking(withThinking);
        // The transport reads this ref when it sends, which is before React re-renders.
        settings.current = { ...settings.current, thinking: withThinking };
      }
      send(example.text);
      // The example's button goes away with the empty state: keep the focus where typing happens.
      focusMessageBox();
    },
    [send],
  );

  // The first answer's first chunk means the server has saved the conversation: from then on it
  // has its own address. Changing it makes the router re-render, so that waits for the browser
  // to be idle rather than delaying the first tokens' paint.
  // An error after the turn started (from Anthropic, say) comes after the save too.
  const saved = messages.some((message) => message.role === 'assistant') || (error !== undefined && messages.length > 0);
  useEffect(() => {
    if (!saved || window.location.pathname === `/c/${id}`) return;
    const handle = whenIdle(() => window.history.replaceState(null, '', `/c/${id}`), 100);
    return () => handle.cancel();
  }, [saved, id]);

  const resend = useCallback(
    (messageId: string, text: string, files: FileUIPart[]) => {
      clearError();
      void sendMessage({ text, files, messageId });
    },
    [sendMessage, clearError],
  );

  // A dropped connection does not stop the answer on the server: once the browser is back
  // online, reattach to it, or load it as saved if it finished in the meantime.
  const lastRole = messages.at(-1)?.role;
  useEffect(() => {
    if (!error || !isConnectionError(error) || lastRole !== 'assistant') return;
    let cancelled = false;
    const reattach = async () => {
      if (cancelled) return;
      clearError();
      await resumeStream();
      const saved = await loadConversationMessages(id);
      if (!cancelled && saved) setMessagesRef.current(() => saved);
    };
    if (navigator.onLine) {
      const timer = setTimeout(() => void reattach(), RECONNECT_DELAY_MS);
      return () => {
        cancelled = true;
        clearTimeout(timer);
      };
    }
    const onOnline = () => void reattach();
    window.addEventListener('online', onOnline, { once: true });
    return () => {
      cancelled = true;
      window.removeEventListener('online', onOnline);
    };
  }, [error, lastRole, id, clearError, resumeStream]);

  const stopGenerating = useCallback(() => {
    void stop();
    // The answer runs on the server until it is told to stop (a closed fetch is not enough).
    void fetch('/api/chat/stop', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id }),
      keepalive: true,
    }).catch(() => undefined);
  }, [stop, id]);

  const retry = useCallback(() => {
    clearError();
    void regenerate();
  }, [regenerate, clearError]);

  const actions = useMemo<MessageActions>(
    () => ({
      onContinue: () => send('Continue exactly where you stopped.'),
      onRegenerate: () => {
        clearError();
        void regenerate();
      },
      onResend: resend,
    }),
    [send, resend, regenerate, clearError],
  );

  return (
    <div className="flex h-dvh flex-col">
      <header className="flex items-center justify-between gap-2 border-b border-border px-3 py-2 sm:gap-3 sm:px-4">
        <div className="flex items-center gap-1">
          <SidebarToggle />
          <h1 className="text-lg font-semibold tracking-tight">Rill</h1>
        </div>
        <div className="flex min-w-0 items-center gap-2 sm:gap-3">
          {messages.length > 0 && !streaming && <ExportLinks conversationId={id} />}
          <ModelPicker models={models} value={model} onChange={setModel} disabled={streaming} />
        </div>
      </header>
      {demoMode && <DemoBanner dismissed={demoBannerDismissed} />}
      <Transcript
        messages={messages}
        status={status}
        actions={actions}
        emptyState={<EmptyState demoMode={demoMode} onPick={sendExample} />}
      />
      <div className="border-t border-border bg-bg px-4 pb-3 pt-2">
        <div className="mx-auto flex max-w-prose flex-col gap-2">
          {error && <ErrorAlert error={error} onRetry={retry} />}
          {context.nearLimit && !streaming && <ContextWarning conversationId={id} tokens={context.tokens} windowTokens={windowTokens} />}
          <Composer
            conversationId={id}
            model={models.find((option) => option.id === model) ?? { id: model, label: model }}
            streaming={streaming}
            onSend={send}
            onStop={stopGenerating}
          />
          <ChatSettings
            model={model}
            thinking={thinking}
            onThinkingChange={setThinking}
            webSearch={webSearch}
            onWebSearchChange={setWebSearch}
            webTools={webTools}
            disabled={streaming}
          />
          <ConversationUsage messages={messages} streaming={streaming} budget={budget} />
        </div>
      </div>
    </div>
  );
}
