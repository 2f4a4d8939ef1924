import { redirect } from 'next/navigation';
import { ChatShell } from '@/components/shell/chat-shell';
import { ConversationSidebar } from '@/components/sidebar/conversation-sidebar';
import { env } from '@/lib/env';
import { hasLiveAccess } from '@/lib/security/session';

export default function ChatLayout({ children }: { children: React.ReactNode }) {
  const shell = <ChatShell sidebar={<ConversationSidebar signOut={Boolean(env.APP_PASSWORD)} />}>{children}</ChatShell>;
  // Without a password the layout stays synchronous: the page's scripts ship with its first HTML.
  return env.APP_PASSWORD ? <RequireAccess>{shell}</RequireAccess> : shell;
}

/** The proxy checked the access cookie's signature; a revoked or expired session ends here. */
async function RequireAccess({ children }: { children: React.ReactNode }) {
  if (!(await hasLiveAccess())) redirect('/login');
  return children;
}
