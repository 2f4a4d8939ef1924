import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Chat } from '@/components/chat/chat';
import { idSchema } from '@/lib/chat/request';
import { getDatabase } from '@/lib/db/client';
import { getConversation } from '@/lib/db/queries';
import { tabTitle } from '@/lib/conversations/titles';
import { toUIMessages } from '@/lib/conversations/ui-messages';
import { getOwnerId } from '@/lib/identity/owner';
import { withDeadAnswersSettled } from '@/lib/live-answers';
import { deploymentProps } from '../../deployment-props';

export const dynamic = 'force-dynamic';

// The page and its tab title read the conversation once per request.
const conversationOf = cache(async (ownerId: string, id: string) => getConversation(await getDatabase(), ownerId, id));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const id = idSchema.safeParse((await params).id);
  const ownerId = await getOwnerId();
  const stored = id.success && ownerId ? await conversationOf(ownerId, id.data) : undefined;
  return stored ? { title: tabTitle(stored.title) } : {};
}

/** A saved conversation, exactly as it was left: someone else's is a 404, like one that never existed. */
export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const id = idSchema.safeParse((await params).id);
  const ownerId = await getOwnerId();
  if (!id.success || !ownerId) notFound();
  const [stored, deployment] = await Promise.all([conversationOf(ownerId, id.data), deploymentProps(ownerId)]);
  if (!stored) notFound();
  // An answer saved mid-stream is either still being written (the browser reattaches and it is
  // replayed) or was cut off by a server that went away: then it is settled as interrupted.
  const conversation = await withDeadAnswersSettled(ownerId, stored);
  return <Chat conversationId={conversation.id} initialMessages={toUIMessages(conversation.messages)} initialVersions={conversation.versions} initialSettings={conversation.settings} {...deployment} />;
}
