import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { SignedInDevices } from '@/components/account/signed-in-devices';
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
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8">
      <Link href="/" className="text-sm text-muted underline hover:text-fg">
        Back to the chat
      </Link>
      <h1 className="text-2xl font-semibold">Settings</h1>
      <p className="text-muted">
        Signed in as <span className="font-medium text-fg">{account.email}</span>
        {account.role === 'admin' ? ' (admin)' : ''}.
      </p>
      <SignedInDevices initialSessions={sessions} />
    </main>
  );
}
