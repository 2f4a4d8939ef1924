import { Chat } from '@/components/chat/chat';
import { defaultModel, isDemoMode, listModels } from '@/lib/anthropic/client';

// The model list and demo mode depend on runtime configuration, never on the build.
export const dynamic = 'force-dynamic';

export default async function ChatPage() {
  const models = await listModels();
  return <Chat models={models} defaultModel={defaultModel} demoMode={isDemoMode} />;
}
