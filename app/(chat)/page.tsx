import { cookies } from 'next/headers';
import { Chat } from '@/components/chat/chat';
import { defaultModel, isDemoMode, listModels } from '@/lib/anthropic/client';
import { isDemoBannerDismissed } from '@/lib/demo-banner';
import { budgetLeft, budgetsSet } from '@/lib/budget';
import { env } from '@/lib/env';
import { getOwnerId } from '@/lib/identity/owner';

// The model list and demo mode depend on runtime configuration, never on the build.
export const dynamic = 'force-dynamic';

/** A new conversation: it is saved, and gets its own address, with its first message. */
export default async function NewChatPage() {
  // Only a budget needs the visitor's identity here: without one the page reads no cookie.
  const [models, budget] = await Promise.all([listModels(), budgetsSet ? getOwnerId().then(budgetLeft) : undefined]);
  const conversationId = crypto.randomUUID();
  return (
    <Chat
      // A new chat is a new component: nothing carries over from the previous one.
      key={conversationId}
      conversationId={conversationId}
      initialMessages={[]}
      initialSettings={{}}
      models={models}
      defaultModel={defaultModel}
      demoMode={isDemoMode}
      demoBannerDismissed={isDemoMode && isDemoBannerDismissed(await cookies())}
      contextWindowOverride={env.RILL_CONTEXT_WINDOW_TOKENS}
      webTools={env.RILL_WEB_TOOLS}
      budget={budget}
    />
  );
}
