'use client';

import { useState, type FormEvent } from 'react';
import { FormError, FormField } from '@/components/account/form-field';
import { api } from '@/lib/api-client';

export function LoginForm({ destination }: { destination: string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const signedIn = await api.signIn(password);
    if (signedIn.ok) {
      window.location.assign(destination);
      return;
    }
    setError(signedIn.error.message);
    setPending(false);
  };

  return (
    <form onSubmit={submit} className="space-y-3">
      <FormField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      <FormError error={error} />
      <button type="submit" disabled={pending} className="w-full rounded-lg bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-50">
        {pending ? 'Checking…' : 'Sign in'}
      </button>
    </form>
  );
}
