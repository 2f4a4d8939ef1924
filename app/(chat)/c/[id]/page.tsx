import { notFound } from 'next/navigation';
import { Chat, type ConversationSettings } from '@/components/chat/chat';
import { defaultModel, isDemoMode, listModels } from '@/lib/anthropic/client';
import { budgetLeft } from '@/lib/budget';
import { env } from '@/lib/env';
import { idSchema } from '@/lib/chat/request';
import { conversationKey, getStreamRegistry } from '@/lib/chat/stream-registry';
import { getDatabase } from '@/lib/db/client';
import { getConversation } from '@/lib/db/queries';
import { getOwnerId } from '@/lib/identity/owner';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';

export const dynamic = 'force-dynamic';

/** A saved conversation, exactly as it was left: someone else's is a 404, like one that never existed. */
export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const id = idSchema.safeParse((await params).id);
  const ownerId = await getOwnerId();
  if (!id.success || !ownerId) notFound();
  const [conversation, models, budget] = await Promise.all([getConversation(await getDatabase(), ownerId, id.data), listModels(), budgetLeft(ownerId)]);
  if (!conversation) notFound();

  // An answer saved mid-stream is either still being written (the browser reattaches and it is
  // replayed) or was cut off by a server that went away: then it is shown as interrupted.
  const running = await getStreamRegistry()
    .then((registry) => registry.activeStream(conversationKey(ownerId, conversation.id)))
    .catch(() => undefined);
  const messages = conversation.messages.map((message) => {
    const interrupted = message.status === 'streaming' && !running;
    const metadata = interrupted ? { ...(message.metadata as object | null), stopReason: 'error' } : message.metadata;
    return { id: message.id, role: message.role, parts: message.parts, ...(metadata ? { metadata } : {}) };
  }) as RillUIMessage[];
  return (
    <Chat
      conversationId={conversation.id}
      initialMessages={messages}
      initialSettings={conversation.settings as ConversationSettings}
      models={models}
      defaultModel={defaultModel}
      demoMode={isDemoMode}
      contextWindowOverride={env.RILL_CONTEXT_WINDOW_TOKENS}
      webTools={env.RILL_WEB_TOOLS}
      budget={budget}
    />
  );
}
