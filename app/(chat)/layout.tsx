import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { ChatShell } from '@/components/shell/chat-shell';
import { AccountPanel, SettingsRow } from '@/components/sidebar/account-panel';
import { ConversationSidebar } from '@/components/sidebar/conversation-sidebar';
import { accountsEnabled, guestsAllowed } from '@/lib/auth';
import { env } from '@/lib/env';
import { currentOwner } from '@/lib/identity/owner';
import { hasLiveAccess } from '@/lib/security/session';

export default function ChatLayout({ children }: { children: React.ReactNode }) {
  const accessPassword = Boolean(env.APP_PASSWORD);
  // Who is signed in needs the session, so it streams in after the frame (Suspense) rather than
  // holding back the page's first HTML and its scripts. Without accounts, only Settings is shown.
  const account = accountsEnabled ? (
    <Suspense fallback={null}>
      <CurrentAccount accessPassword={accessPassword} />
    </Suspense>
  ) : (
    <SettingsRow />
  );
  const shell = <ChatShell sidebar={<ConversationSidebar signOut={accessPassword && !accountsEnabled} account={account} />}>{children}</ChatShell>;
  // Without a password the layout stays synchronous: the page's scripts ship with its first HTML.
  return accessPassword ? <RequireAccess>{shell}</RequireAccess> : shell;
}

/** The signed-in account, or the guest, as the sidebar shows them. */
async function CurrentAccount({ accessPassword }: { accessPassword: boolean }) {
  const account = (await currentOwner())?.account;
  return (
    <AccountPanel
      account={account && { email: account.email, name: account.name, admin: account.role === 'admin' }}
      guestsAllowed={guestsAllowed}
      accessPassword={accessPassword}
    />
  );
}

/** The proxy checked the access cookie's signature; a revoked or expired session ends here. */
async function RequireAccess({ children }: { children: React.ReactNode }) {
  if (!(await hasLiveAccess())) redirect('/login');
  return children;
}
