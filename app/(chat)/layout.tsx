import { redirect } from 'next/navigation';
import { ChatShell } from '@/components/shell/chat-shell';
import { ConversationSidebar } from '@/components/sidebar/conversation-sidebar';
import { env } from '@/lib/env';
import { hasLiveAccess } from '@/lib/security/session';

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  // The proxy checked the access cookie's signature; a revoked or expired session ends here.
  if (!(await hasLiveAccess())) redirect('/login');
  return <ChatShell sidebar={<ConversationSidebar signOut={Boolean(env.APP_PASSWORD)} />}>{children}</ChatShell>;
}
