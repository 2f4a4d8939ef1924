'use client';

import { useId, useState } from 'react';
import { api } from '@/lib/api-client';
import type { ServerListing } from '@/lib/mcp';

const fieldClass = 'block w-full rounded-lg border border-border bg-surface px-3 py-2';

/** "Add a connector": a name, the server's URL, and a bearer token when the server wants one. */
export function AddConnectorForm({ onAdded }: { onAdded: (server: ServerListing) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [bearerToken, setBearerToken] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const add = async () => {
    setSaving(true);
    const result = await api.addConnector({ name, url, ...(bearerToken ? { bearerToken } : {}) });
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    setError(undefined);
    setName('');
    setUrl('');
    setBearerToken('');
    onAdded(result.data.server);
  };
  return (
    <form
      aria-labelledby={`${id}-heading`}
      className="space-y-3 rounded-lg border border-border p-4"
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      <h3 id={`${id}-heading`} className="font-semibold">
        Add a connector
      </h3>
      <div className="space-y-1">
        <label htmlFor={`${id}-name`} className="block font-medium">
          Name
        </label>
        <input id={`${id}-name`} required maxLength={40} value={name} onChange={(event) => setName(event.target.value)} className={fieldClass} />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-url`} className="block font-medium">
          Server URL
        </label>
        <input
          id={`${id}-url`}
          type="url"
          required
          placeholder="https://example.com/mcp"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          className={fieldClass}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-token`} className="block font-medium">
          Bearer token <span className="font-normal text-muted">(optional)</span>
        </label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          aria-describedby={`${id}-token-description`}
          value={bearerToken}
          onChange={(event) => setBearerToken(event.target.value)}
          className={fieldClass}
        />
        <p id={`${id}-token-description`} className="text-sm text-muted">
          For a server that gives you a token. Servers that sign you in ask for an authorization instead.
        </p>
      </div>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      <button type="submit" disabled={saving} className="rounded-lg bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-50">
        Add
      </button>
    </form>
  );
}
