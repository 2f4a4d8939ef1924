'use client';

import { useState } from 'react';
import { ActionButton } from './action-button';

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
    // `relative`: the visually hidden status is positioned absolutely, and without a positioned
    // ancestor it would sit in the page's coordinates and make the whole page scroll.
    <span className="relative">
      <ActionButton label="Copy message" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </ActionButton>
      {/* The button keeps its name, so the confirmation is spoken separately. */}
      <span role="status" className="sr-only">
        {copied ? 'Copied to clipboard' : ''}
      </span>
    </span>
  );
}
