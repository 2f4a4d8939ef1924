import { Chat } from '@/components/chat/chat';
import { budgetsSet } from '@/lib/budget';
import { getOwnerId } from '@/lib/identity/owner';
import { deploymentProps } from './deployment-props';

// The model list and demo mode depend on runtime configuration, never on the build.
export const dynamic = 'force-dynamic';

/** A new conversation: it is saved, and gets its own address, with its first message. */
export default async function NewChatPage() {
  // Only a budget needs the visitor's identity here: without one the page reads no cookie.
  const deployment = await deploymentProps(budgetsSet ? await getOwnerId() : undefined);
  const conversationId = crypto.randomUUID();
  // A new chat is a new component (its key): nothing carries over from the previous one.
  return <Chat key={conversationId} conversationId={conversationId} initialMessages={[]} initialSettings={{}} {...deployment} />;
}
