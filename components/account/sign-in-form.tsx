'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api-client';
import { FormError, FormField } from './form-field';

type Mode = 'sign-in' | 'sign-up';

/** Rill's words for better-auth's refusals, where its own are terse. */
const MESSAGES: Partial<Record<string, string>> = {
  auth_invalid_email_or_password: 'That email and password do not match an account here. Check them and try again.',
  auth_password_too_short: 'Choose a password of at least 10 characters.',
  auth_invalid_email: 'Enter a valid email address.',
};

/** Email and password (with a sign-up that confirms the address by email), and the OpenID Connect provider when there is one. */
export function SignInForm({
  destination,
  email: emailEnabled,
  oidc,
  providerError,
  guestsAllowed,
}: {
  destination: string;
  email: boolean;
  oidc: { name: string } | undefined;
  providerError: string | undefined;
  guestsAllowed: boolean;
}) {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(providerError ? `The sign-in provider refused: ${providerError}.` : undefined);
  const [sent, setSent] = useState<{ to: string; unconfirmed: boolean } | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const result =
      mode === 'sign-up'
        ? await api.signUpWithEmail({ name: name.trim() || email.split('@')[0]!, email, password, callbackURL: destination })
        : await api.signInWithEmail({ email, password, callbackURL: destination });
    setPending(false);
    if (!result.ok) {
      // better-auth sends a fresh confirmation link with this refusal.
      if (result.error.type === 'auth_email_not_verified') setSent({ to: email, unconfirmed: true });
      else setError(MESSAGES[result.error.type] ?? result.error.message);
      return;
    }
    if (mode === 'sign-up') setSent({ to: email, unconfirmed: false });
    else window.location.assign(destination);
  };

  const signInWithOidc = async () => {
    setPending(true);
    setError(undefined);
    const started = await api.signInWithOidc(destination);
    if (started.ok) window.location.assign(started.data.url);
    else {
      setError(started.error.message);
      setPending(false);
    }
  };

  if (sent) {
    return (
      <CheckYourEmail
        address={sent.to}
        unconfirmed={sent.unconfirmed}
        onBack={() => {
          setSent(undefined);
          setMode('sign-in');
        }}
      />
    );
  }

  return (
    <div className="space-y-4">
      {oidc && (
        <button
          type="button"
          disabled={pending}
          onClick={() => void signInWithOidc()}
          className="w-full rounded-lg border border-border px-4 py-2 font-medium hover:bg-surface-strong disabled:opacity-50"
        >
          Continue with {oidc.name}
        </button>
      )}
      {emailEnabled && (
        <form onSubmit={submit} className="space-y-3" aria-label={mode === 'sign-up' ? 'Create an account' : 'Sign in with email'}>
          {mode === 'sign-up' && (
            <FormField label="Name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />
          )}
          <FormField label="Email" type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
          <FormField
            label="Password"
            type="password"
            autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
            required
            minLength={mode === 'sign-up' ? 10 : undefined}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <FormError error={error} />
          <button type="submit" disabled={pending} className="w-full rounded-lg bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-50">
            {pending ? 'Checking…' : mode === 'sign-up' ? 'Create account' : 'Sign in'}
          </button>
          <button type="button" onClick={() => setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')} className="w-full text-sm text-muted underline">
            {mode === 'sign-up' ? 'I have an account: sign in' : 'New here? Create an account'}
          </button>
        </form>
      )}
      {!emailEnabled && <FormError error={error} />}
      {guestsAllowed && (
        <Link href={destination} className="block text-center text-sm text-muted underline">
          Go on as a guest
        </Link>
      )}
    </div>
  );
}

/** After a sign-up, or a sign-in before the address was confirmed: the link is in the mail. */
function CheckYourEmail({ address, unconfirmed, onBack }: { address: string; unconfirmed: boolean; onBack: () => void }) {
  return (
    <div className="space-y-3">
      <div role="status" className="space-y-2 rounded-lg border border-border bg-surface p-4">
        <h2 className="font-medium">Check your email</h2>
        <p className="text-sm text-muted">
          {unconfirmed ? `This address is not confirmed yet. We sent a new link to ${address}.` : `We sent a link to ${address}.`} Open it to confirm your address; it
          signs you in.
        </p>
      </div>
      <button type="button" onClick={onBack} className="w-full text-sm text-muted underline">
        Back to sign in
      </button>
    </div>
  );
}
