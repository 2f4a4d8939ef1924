import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { SignInForm } from '@/components/account/sign-in-form';
import { accountOf, accountsEnabled, guestsAllowed, signInMethods } from '@/lib/auth';
import { safeNextPath } from '@/lib/security/redirect';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Sign in · Rill' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  if (!accountsEnabled) notFound();
  const { next, error } = await searchParams;
  const destination = safeNextPath(next);
  // Someone already signed in (a second tab, the back button) has nothing to do here.
  if (await accountOf(await headers())) redirect(destination);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-4">
        <h1 className="text-2xl font-semibold">Sign in to Rill</h1>
        <p className="text-muted">
          {guestsAllowed ? 'Your conversations follow you to every device. What you did as a guest in this browser moves to your account.' : 'This Rill asks everyone to sign in.'}
        </p>
        <SignInForm destination={destination} email={signInMethods.email} oidc={signInMethods.oidc} providerError={error} guestsAllowed={guestsAllowed} />
      </div>
    </main>
  );
}
