import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { SignedInDevices } from '@/components/account/signed-in-devices';
import { StandalonePage } from '@/components/shell/standalone-page';
import { accountOf, accountsEnabled } from '@/lib/auth';
import { listDeviceSessions } from '@/lib/auth/sessions';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Settings · Rill' };

/** The account's settings: who is signed in, and on which devices. A guest is sent to sign in. */
export default async function SettingsPage() {
  if (!accountsEnabled) notFound();
  const requestHeaders = await headers();
  const account = await accountOf(requestHeaders);
  if (!account) redirect('/sign-in?next=/settings');
  const sessions = await listDeviceSessions(requestHeaders);
  return (
    <StandalonePage title="Settings">
      <p className="text-muted">
        Signed in as <span className="font-medium text-fg">{account.email}</span>
        {account.role === 'admin' ? ' (admin)' : ''}.
      </p>
      <SignedInDevices initialSessions={sessions} />
    </StandalonePage>
  );
}
