'use client';

import { useId } from 'react';

/**
 * A labelled textarea for instructions to Claude, with what it is for and how much of its limit
 * is used: the browser stops typing at the limit, which the server enforces again.
 */
export function PromptField({
  label,
  description,
  value,
  onChange,
  maxChars,
  rows = 8,
}: {
  label: string;
  description: string;
  value: string;
  onChange: (value: string) => void;
  maxChars: number;
  rows?: number;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <p id={`${id}-description`} className="text-sm text-muted">
        {description}
      </p>
      <textarea
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={maxChars}
        rows={rows}
        aria-describedby={`${id}-description ${id}-count`}
        className="block w-full resize-y rounded-lg border border-border bg-surface px-3 py-2"
      />
      <p id={`${id}-count`} className="text-right text-xs text-muted">
        {value.length.toLocaleString('en-US')} / {maxChars.toLocaleString('en-US')} characters
      </p>
    </div>
  );
}
