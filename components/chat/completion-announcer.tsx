'use client';

import { useEffect, useRef, useState } from 'react';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';

/** Reads each finished answer to screen readers once, instead of every streamed token. */
export function CompletionAnnouncer({ messages, busy }: { messages: RillUIMessage[]; busy: boolean }) {
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef<string | undefined>(undefined);

  useEffect(() => {
    const last = messages.at(-1);
    if (busy || !last || last.role !== 'assistant' || announced.current === last.id) return;
    announced.current = last.id;
    const text = last.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
    setAnnouncement(text ? `Claude answered: ${text}` : '');
  }, [messages, busy]);

  return (
    <div aria-live="polite" className="sr-only">
      {announcement}
    </div>
  );
}
