'use client';

import { useState } from 'react';

/** Copies the answer as the Markdown Claude wrote, not the rendered text. */
export function CopyMessageButton({ markdown }: { markdown: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdown);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button
      type="button"
      aria-label="Copy message"
      onClick={copy}
      className="rounded-md px-2 py-0.5 text-xs text-muted hover:bg-surface-strong hover:text-fg"
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
