'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api-client';
import { SignOutButton } from './sign-out-button';

/** What the sidebar shows of the signed-in account: enough to know whose conversations these are. */
export type AccountSummary = { email: string; name: string; admin: boolean };

const linkClass = 'rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg';

/**
 * Who is using Rill, at the foot of the sidebar, when accounts are on: a guest gets their
 * settings and a link to sign in (and back to this page afterwards); an account, its name and
 * address, its settings, the admin page for admins, and Sign out.
 */
export function AccountPanel({ account, guestsAllowed, accessPassword }: { account: AccountSummary | undefined; guestsAllowed: boolean; accessPassword: boolean }) {
  return (
    <section aria-label="Account" className="flex flex-col gap-1 border-t border-border pt-2">
      {account ? <SignedIn account={account} guestsAllowed={guestsAllowed} accessPassword={accessPassword} /> : <Guest accessPassword={accessPassword} />}
    </section>
  );
}

/** Settings (custom instructions) are everyone's: without accounts there is no panel, so the link stands alone. */
export function SettingsRow() {
  return (
    <div className="border-t border-border pt-2">
      <SettingsLink />
    </div>
  );
}

function SettingsLink() {
  return (
    <Link href="/settings" className={linkClass}>
      Settings
    </Link>
  );
}

function Guest({ accessPassword }: { accessPassword: boolean }) {
  const pathname = usePathname();
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <p className="px-2 text-sm text-muted">You are a guest</p>
      <SettingsLink />
      <Link href={`/sign-in?${new URLSearchParams({ next: pathname })}`} className="rounded-md px-2 py-1 text-sm font-medium text-accent hover:bg-surface-strong">
        Sign in
      </Link>
      {/* A guest behind APP_PASSWORD can still end this browser's access session. */}
      {accessPassword && <SignOutButton />}
    </div>
  );
}

function SignedIn({ account, guestsAllowed, accessPassword }: { account: AccountSummary; guestsAllowed: boolean; accessPassword: boolean }) {
  const [pending, setPending] = useState(false);
  const signOut = async () => {
    setPending(true);
    // One Sign out ends both this account's session and, behind APP_PASSWORD, the access session:
    // two buttons of the same name would leave people unsure which one they pressed.
    await api.signOutOfAccount();
    if (accessPassword) await api.signOut();
    // A full load: the server renders the frame afresh for whoever this browser is now.
    window.location.assign(accessPassword ? '/login' : guestsAllowed ? '/' : '/sign-in');
  };
  return (
    <>
      <p className="min-w-0 px-2 text-sm">
        <span className="block truncate font-medium" title={account.name}>
          {account.name}
        </span>
        <span className="block truncate text-muted" title={account.email}>
          {account.email}
        </span>
      </p>
      <div className="flex flex-wrap items-center gap-1">
        <SettingsLink />
        {account.admin && (
          <Link href="/admin" className={linkClass}>
            Admin
          </Link>
        )}
        <button type="button" onClick={() => void signOut()} disabled={pending} className={`${linkClass} ml-auto disabled:opacity-50`}>
          Sign out
        </button>
      </div>
    </>
  );
}
