'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api-client';

type Mode = 'sign-in' | 'sign-up';

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
  const [sentTo, setSentTo] = useState<string | undefined>();
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
      if (result.error.type === 'auth_email_not_verified') setSentTo(email);
      else setError(result.error.message);
      return;
    }
    if (mode === 'sign-up') setSentTo(email);
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

  if (sentTo) {
    return (
      <div role="status" className="space-y-2 rounded-lg border border-border bg-surface p-4">
        <p className="font-medium">Check your email</p>
        <p className="text-sm text-muted">We sent a link to {sentTo}. Open it to confirm your address; it signs you in.</p>
      </div>
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
            <label className="block">
              <span className="mb-1 block text-sm">Name</span>
              <input autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} className="w-full rounded-lg border border-border bg-surface px-3 py-2" />
            </label>
          )}
          <label className="block">
            <span className="mb-1 block text-sm">Email</span>
            <input type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} className="w-full rounded-lg border border-border bg-surface px-3 py-2" />
          </label>
          <label className="block">
            <span className="mb-1 block text-sm">Password</span>
            <input
              type="password"
              autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
              required
              minLength={mode === 'sign-up' ? 10 : undefined}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              className="w-full rounded-lg border border-border bg-surface px-3 py-2"
            />
          </label>
          {error && (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          )}
          <button type="submit" disabled={pending} className="w-full rounded-lg bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-50">
            {pending ? 'Checking…' : mode === 'sign-up' ? 'Create account' : 'Sign in'}
          </button>
          <button type="button" onClick={() => setMode(mode === 'sign-up' ? 'sign-in' : 'sign-up')} className="w-full text-sm text-muted underline">
            {mode === 'sign-up' ? 'I have an account: sign in' : 'New here? Create an account'}
          </button>
        </form>
      )}
      {!emailEnabled && error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      {guestsAllowed && (
        <Link href={destination} className="block text-center text-sm text-muted underline">
          Go on as a guest
        </Link>
      )}
    </div>
  );
}
