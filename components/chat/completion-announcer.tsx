'use client';

import { useEffect, useRef, useState } from 'react';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';

/**
 * Reads each finished answer to screen readers once, instead of every streamed token; a
 * continued answer (Continue), from where it went on.
 */
export function CompletionAnnouncer({ messages, busy }: { messages: RillUIMessage[]; busy: boolean }) {
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<{ id: string; length: number } | undefined>(undefined);

  useEffect(() => {
    const last = messages.at(-1);
    if (busy || !last || last.role !== 'assistant') return;
    const text = last.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    const read = announced.current?.id === last.id ? announced.current.length : undefined;
    if (read !== undefined && text.length <= read) return;
    announced.current = { id: last.id, length: text.length };
    if (read === undefined) setAnnouncement(text ? `Claude answered: ${text}` : '');
    else setAnnouncement(`Claude continued: ${text.slice(read)}`);
  }, [messages, busy]);

  return (
    <div aria-live="polite" className="sr-only">
      {announcement}
    </div>
  );
}
