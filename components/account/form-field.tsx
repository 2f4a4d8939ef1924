import type { InputHTMLAttributes } from 'react';

/** A labelled text input, as every sign-in form has them. */
export function FormField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block">
      <span className="mb-1 block text-sm">{label}</span>
      <input {...input} className="w-full rounded-lg border border-border bg-surface px-3 py-2" />
    </label>
  );
}

/** Why the form was refused, announced as it appears. */
export function FormError({ error }: { error: string | undefined }) {
  return error ? (
    <p role="alert" className="text-sm text-danger">
      {error}
    </p>
  ) : null;
}
