import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { ContinueSharedButton } from '@/components/share/continue-shared-button';
import { SharedTranscript } from '@/components/share/shared-transcript';
import { guestsAllowed } from '@/lib/auth';
import { idSchema } from '@/lib/chat/request';
import { tabTitle } from '@/lib/conversations/titles';
import { getOwnerId } from '@/lib/identity/owner';
import { hasLiveAccess } from '@/lib/security/session';
import { readSharedConversation } from '@/lib/shares';

export const dynamic = 'force-dynamic';

// The page and its tab title read the share once per request.
const sharedOf = cache(async (id: string) => {
  const parsed = idSchema.safeParse(id);
  return parsed.success ? readSharedConversation(parsed.data) : undefined;
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const shared = await sharedOf((await params).id);
  return { title: tabTitle(shared?.title), robots: { index: false, follow: false } };
}

/**
 * A shared conversation, read-only, for anyone with the link: no sidebar, no composer, nothing of
 * whose it is. Its only action copies it into a chat of the visitor's own.
 */
export default async function SharedConversationPage({ params }: { params: Promise<{ id: string }> }) {
  // The proxy checked the access cookie's signature; a revoked or expired session ends here.
  if (!(await hasLiveAccess())) redirect('/login');
  const { id } = await params;
  const shared = await sharedOf(id);
  if (!shared) notFound();
  const signInFirst = !guestsAllowed && !(await getOwnerId());
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-3 py-2 sm:px-4">
        <div className="min-w-0">
          <h1 className="truncate text-lg font-semibold tracking-tight">{shared.title}</h1>
          <p className="text-sm text-muted">
            Shared conversation, as it was on <time dateTime={shared.updatedAt}>{new Date(shared.updatedAt).toUTCString()}</time>
          </p>
        </div>
        <ContinueSharedButton shareId={id} signInFirst={signInFirst} />
      </header>
      <main className="flex-1">
        <SharedTranscript messages={shared.messages} />
      </main>
    </div>
  );
}
