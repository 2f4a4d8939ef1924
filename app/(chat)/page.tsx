import { Chat } from '@/components/chat/chat';
import { defaultModel, isDemoMode, listModels } from '@/lib/anthropic/client';
import { env } from '@/lib/env';

// The model list and demo mode depend on runtime configuration, never on the build.
export const dynamic = 'force-dynamic';

/** A new conversation: it is saved, and gets its own address, with its first message. */
export default async function NewChatPage() {
  const models = await listModels();
  return (
    <Chat
      conversationId={crypto.randomUUID()}
      initialMessages={[]}
      initialSettings={{}}
      models={models}
      defaultModel={defaultModel}
      demoMode={isDemoMode}
      contextWindowOverride={env.RILL_CONTEXT_WINDOW_TOKENS}
    />
  );
}
