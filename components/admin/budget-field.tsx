'use client';

import { useId, useState } from 'react';

/** An account's daily budget in US dollars; empty goes back to the deployment's default. */
export function BudgetField({ email, budgetUsd, onSave }: { email: string; budgetUsd: number | null; onSave: (budgetUsd: number | null) => Promise<boolean> }) {
  const [value, setValue] = useState(budgetUsd === null ? '' : String(budgetUsd));
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const parsed = value.trim() === '' ? null : Number(value);
  const valid = parsed === null || (Number.isFinite(parsed) && parsed >= 0);
  return (
    <form
      className="flex items-center gap-2"
      aria-label={`Daily budget of ${email}`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (!valid) return;
        setBusy(true);
        setSaved(await onSave(parsed));
        setBusy(false);
      }}
    >
      <label htmlFor={id} className="sr-only">
        Daily budget of {email} in US dollars
      </label>
      <span aria-hidden="true">$</span>
      <input
        id={id}
        type="number"
        min={0}
        step="0.01"
        inputMode="decimal"
        placeholder="Default"
        value={value}
        aria-invalid={!valid}
        onChange={(event) => {
          setValue(event.target.value);
          setSaved(false);
        }}
        className="w-24 rounded-lg border border-border bg-surface px-2 py-1"
      />
      <button type="submit" disabled={busy || !valid} aria-label={`Save the daily budget of ${email}`} className="rounded-lg border border-border px-3 py-1 hover:bg-surface-strong disabled:opacity-50">
        Save
      </button>
      <span role="status" className="text-sm text-muted">
        {saved ? 'Saved' : ''}
      </span>
    </form>
  );
}
