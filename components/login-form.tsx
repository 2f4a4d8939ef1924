'use client';

import { useState, type FormEvent } from 'react';

export function LoginForm({ destination }: { destination: string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      const response = await fetch('/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password }),
      });
      if (response.ok) {
        window.location.assign(destination);
        return;
      }
      const body = (await response.json()) as { error?: { message?: string } };
      setError(body.error?.message ?? `Sign-in failed (HTTP ${response.status}).`);
    } catch {
      setError("Can't reach the Rill server. Check your connection and try again.");
    }
    setPending(false);
  };

  return (
    <form onSubmit={submit} className="space-y-3">
      <label className="block">
        <span className="mb-1 block text-sm">Password</span>
        <input
          type="password"
          autoComplete="current-password"
          required
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
        {pending ? 'Checking…' : 'Sign in'}
      </button>
    </form>
  );
}
