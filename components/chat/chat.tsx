'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, uiMessageChunkSchema, type ChatTransport, type FileUIPart } from 'ai';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { describeChatError, isConnectionError, unansweredFailure } from './error-message';
import { markStopped } from './mark-stopped';
import { showsContent } from './message-segments';
import { api } from '@/lib/api-client';
import { announceConversationsChanged } from '@/lib/conversations/events';
import { toUIMessages } from '@/lib/conversations/ui-messages';
import { contextUse } from '@/lib/conversations/context';
import { contextWindow, thinkingSupport, type CacheTtl, type Effort, type ModelOption } from '@/lib/models';
import type { ConversationSettings } from '@/lib/db/queries';
import type { BudgetLeft, RetryNotice, RillUIMessage } from '@/lib/protocol/message-metadata';
import { ChatInstructions } from './chat-instructions';
import { ChatSettings, type ThinkingSetting } from './chat-settings';
import { Composer } from './composer';
import { ConversationUsage } from './conversation-usage';
import { ErrorAlert } from './error-alert';
import { ExportMenu } from './export-menu';
import type { MessageActions } from './message-article';
import { ModelPicker } from './model-picker';
import { focusMessageBox } from './message-box';
import { EmptyState, type ExamplePrompt } from './empty-state';
import { SidebarToggle } from '@/components/shell/sidebar-toggle';
import { whenIdle } from '@/components/markdown/when-idle';
import { ToolApprovalConversation } from './tool-approval-context';
import { preloadMessageViews, Transcript } from './transcript';
import { useBranches } from './use-branches';
import type { MessageVersions } from '@/lib/conversations/branches';
import { useChatPrompt } from './use-chat-prompt';
import { useContextCount } from './use-context-count';

// Parts of the page that a new chat does not show: their code loads when they first appear.
const ShareActions = dynamic(() => import('@/components/share/share-actions').then((module) => module.ShareActions), { loading: () => null });
const ContextWarning = dynamic(() => import('./context-warning').then((module) => module.ContextWarning), { loading: () => null });
const DemoBanner = dynamic(() => import('./demo-banner').then((module) => module.DemoBanner), { loading: () => null });

// Re-render at most every 50 ms while an answer streams: smooth to the eye, cheap for long answers.
const RENDER_THROTTLE_MS = 50;

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
  const loaded = await api.getConversation(id);
  return loaded.ok ? toUIMessages(loaded.data.messages) : undefined;
}

/** useChat's transport, which also says when a reload found no answer running to reattach to. */
class RillTransport extends DefaultChatTransport<RillUIMessage> {
  onNothingRunning: () => void = () => {};

  override async reconnectToStream(options: Parameters<ChatTransport<RillUIMessage>['reconnectToStream']>[0]) {
    const stream = await super.reconnectToStream(options);
    if (!stream) this.onNothingRunning();
    return stream;
  }
}


export type ChatProps = {
  conversationId: string;
  initialMessages: RillUIMessage[];
  /** The versions of the initial messages that have more than one. */
  initialVersions?: MessageVersions | undefined;
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
  /** Whether this Rill offers MCP connectors: the operator's servers, or people's own (lib/mcp). */
  connectors: boolean;
  /** What is left of today's budget as the page loaded; undefined when no budget is set. */
  budget: BudgetLeft | undefined;
};

export function Chat({ conversationId, initialMessages, initialVersions = {}, initialSettings, models, defaultModel, demoMode, demoBannerDismissed, contextWindowOverride, webTools, connectors, budget: initialBudget }: ChatProps) {
  const [model, setModel] = useState(
    initialSettings.model && models.some((m) => m.id === initialSettings.model) ? initialSettings.model : defaultModel,
  );
  const [thinking, setThinking] = useState<ThinkingSetting>(initialSettings.thinking ?? { enabled: false, budgetTokens: 8_192 });
  // A conversation saved with web search on asks for it no longer once the operator turned it off.
  const [webSearch, setWebSearch] = useState(webTools && (initialSettings.webSearch ?? false));
  const [effort, setEffort] = useState<Effort | undefined>(initialSettings.effort);
  const [cacheTtl, setCacheTtl] = useState<CacheTtl>(initialSettings.cacheTtl ?? '5m');
  const [connectorsOff, setConnectorsOff] = useState<string[]>(initialSettings.connectorsOff ?? []);
  // Each answer ends with what is left of the budget (a transient data chunk).
  const [budget, setBudget] = useState(initialBudget);
  const chatPrompt = useChatPrompt(conversationId, initialSettings.system ?? '');
  // The transport reads the current settings when it sends, without being rebuilt.
  const settings = useRef({ model, thinking, webSearch, effort, cacheTtl, connectorsOff, system: chatPrompt.system });
  settings.current = { model, thinking, webSearch, effort, cacheTtl, connectorsOff, system: chatPrompt.system };

  // Set while Rill waits to try the first upstream call again (a transient data chunk).
  const [retrying, setRetrying] = useState<RetryNotice>();
  // Until a reload has asked whether the last message's answer is still being written, a last
  // message with no answer is not yet a failure.
  const [nothingRunning, setNothingRunning] = useState(false);

  const transport = useMemo(
    () =>
      new RillTransport({
        api: '/api/chat',
        // The server keeps the history: send only the new (or edited) message and the settings.
        // A request that adds no message (Continue) goes on with the last answer, in place.
        prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => {
          const last = messages.at(-1);
          if (trigger === 'submit-message' && last?.role === 'assistant') {
            return { api: '/api/chat/continue', body: { id, messageId: last.id, ...settings.current } };
          }
          // The message sent follows the one before it: the end of the branch shown, or, for an
          // edit, the message before the one edited.
          const sent = messages.findLastIndex((m) => m.role === 'user');
          return { body: { id, message: messages[sent], parentId: messages[sent - 1]?.id ?? null, trigger, messageId, ...settings.current } };
        },
      }),
    [],
  );
  transport.onNothingRunning = () => setNothingRunning(true);

  // On a fresh page, the first answer would pay on its first token's path for building the
  // stream's chunk schema and for compiling the Markdown lexer (≈ 10 ms each in the bench's
  // first-token trace), and for loading the message views, which an empty chat does not load
  // with the page: all are done once, in idle time, as soon as the page is up.
  useEffect(() => {
    const pending = [whenIdle(warmUpChunkSchema), whenIdle(preloadMessageViews)];
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
    // After a reload, reattach to an answer still being written (replayed from its start). A
    // new chat has none: asking would race its first message, and the reply (nothing running)
    // would mark that message's request as done while it still runs.
    resume: initialMessages.length > 0,
    throttle: throttleRenders.current ? RENDER_THROTTLE_MS : undefined,
    onData: (part) => {
      if (part.type === 'data-budget') setBudget(part.data);
      if (part.type === 'data-retrying') setRetrying(part.data);
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
  const branches = useBranches({ conversationId: id, initialVersions, messages, replaceMessages: setMessages });
  // Until the answer shows anything, every chunk is rendered at once.
  throttleRenders.current = status === 'streaming' && showsContent(messages.at(-1));

  const streaming = status === 'submitted' || status === 'streaming';
  const windowTokens = contextWindowOverride ?? contextWindow(model);
  // Counted again once each answer has ended (and saved), and for another model.
  const contextTokens = useContextCount(id, model, streaming || messages.length === 0 ? undefined : `${messages.length}:${messages.at(-1)?.id}`);
  const context = contextUse(contextTokens ?? 0, windowTokens);

  const send = useCallback(
    (text: string, files: FileUIPart[] = []) => {
      clearError();
      setRetrying(undefined);
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
    const handle = whenIdle(() => {
      window.history.replaceState(null, '', `/c/${id}`);
      // The sidebar lists it from now on, not only once its first answer ends.
      announceConversationsChanged();
    }, 100);
    return () => handle.cancel();
  }, [saved, id]);

  // An edit is a new message beside the original: the transcript ends before the original, and
  // the new message follows what preceded it.
  const { willAddVersionOf } = branches;
  const resend = useCallback(
    (messageId: string, text: string, files: FileUIPart[]) => {
      clearError();
      setRetrying(undefined);
      willAddVersionOf(messageId);
      setMessagesRef.current((all) => {
        const edited = all.findIndex((m) => m.id === messageId);
        return edited < 0 ? all : all.slice(0, edited);
      });
      void sendMessage({ text, files });
    },
    [sendMessage, clearError, willAddVersionOf],
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
    void api.stopAnswer(id);
  }, [stop, id]);

  const lastAnswerId = lastRole === 'assistant' ? messages.at(-1)?.id : undefined;
  const retry = useCallback(() => {
    clearError();
    setRetrying(undefined);
    // The answer asked for again is a new one beside the last.
    if (lastAnswerId) willAddVersionOf(lastAnswerId);
    void regenerate();
  }, [regenerate, clearError, willAddVersionOf, lastAnswerId]);

  const continuing = useRef(false);
  const actions = useMemo<MessageActions>(
    () => ({
      onContinue: () => {
        // Continue stays on screen until the request starts: a second click must not ask twice.
        if (continuing.current) return;
        continuing.current = true;
        clearError();
        // The Continue button goes away while the answer streams: keep the focus where typing (and Esc) happens.
        focusMessageBox();
        // Claude goes on from the answer as saved, which after a Stop can hold a few words that
        // never reached this page: show it as saved first, so that the continuation joins it.
        void loadConversationMessages(id)
          .then((saved) => {
            if (saved) setMessagesRef.current(() => saved);
            return sendMessage();
          })
          .finally(() => {
            continuing.current = false;
          });
      },
      onRegenerate: retry,
      onResend: resend,
      onShowVersion: (messageId, control) => void branches.showVersion(messageId, control),
    }),
    [id, sendMessage, resend, retry, clearError, branches.showVersion],
  );

  const last = messages.at(-1);
  const failure = error
    ? describeChatError(error, last)
    : nothingRunning && status === 'ready' && last?.role === 'user'
      ? unansweredFailure(last)
      : undefined;

  return (
    <div className="flex h-dvh flex-col">
      <header className="flex items-center justify-between gap-2 border-b border-border px-3 py-2 sm:gap-3 sm:px-4">
        <div className="flex items-center gap-1">
          <SidebarToggle />
          <h1 className="text-lg font-semibold tracking-tight">Rill</h1>
        </div>
        <div className="flex min-w-0 items-center gap-2 sm:gap-3">
          {saved && !streaming && <ShareActions conversationId={id} />}
          <ChatInstructions prompt={chatPrompt} chatSaved={messages.length > 0} />
          {messages.length > 0 && !streaming && <ExportMenu conversationId={id} />}
          <ModelPicker models={models} value={model} onChange={setModel} disabled={streaming} />
        </div>
      </header>
      {demoMode && <DemoBanner dismissed={demoBannerDismissed} />}
      <ToolApprovalConversation value={id}>
        <Transcript
          messages={messages}
          status={status}
          retrying={retrying}
          failureShown={failure !== undefined}
          actions={actions}
          versions={branches.versions}
          focusVersion={branches.focus}
          emptyState={<EmptyState demoMode={demoMode} onPick={sendExample} />}
        />
      </ToolApprovalConversation>
      <div className="border-t border-border bg-bg px-4 pb-3 pt-2">
        <div className="mx-auto flex max-w-prose flex-col gap-2">
          {failure && <ErrorAlert failure={failure} onRetry={retry} />}
          {branches.error && <p role="alert" className="text-sm text-danger">{branches.error}</p>}
          {context.nearLimit && !streaming && <ContextWarning conversationId={id} tokens={context.tokens} windowTokens={windowTokens} />}
          <Composer
            conversationId={id}
            model={models.find((option) => option.id === model) ?? { id: model, label: model }}
            streaming={streaming}
            onSend={send}
            onStop={stopGenerating}
            contextTokens={contextTokens}
            windowTokens={windowTokens}
            prompts={connectors}
          />
          <ChatSettings
            model={model}
            thinking={thinking}
            onThinkingChange={setThinking}
            webSearch={webSearch}
            onWebSearchChange={setWebSearch}
            effort={effort}
            onEffortChange={setEffort}
            cacheTtl={cacheTtl}
            onCacheTtlChange={setCacheTtl}
            webTools={webTools}
            connectors={connectors}
            connectorsOff={connectorsOff}
            onConnectorsOffChange={setConnectorsOff}
            disabled={streaming}
          />
          <ConversationUsage messages={messages} streaming={streaming} budget={budget} />
        </div>
      </div>
    </div>
  );
}
