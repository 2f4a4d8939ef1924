'use client';

import { useChat } from '@ai-sdk/react';
import { useState } from 'react';

export function FloorChat() {
  // Without a transport, useChat posts to /api/chat with its default one.
  const { messages, sendMessage, status } = useChat();
  const [text, setText] = useState('');
  const last = messages.at(-1);
  return (
    <main>
      {messages.map((message) => (
        <article key={message.id} data-role={message.role} aria-busy={message === last && status !== 'ready'}>
          {message.parts.map((part, i) => (part.type === 'text' ? <p key={i}>{part.text}</p> : null))}
        </article>
      ))}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void sendMessage({ text });
          setText('');
        }}
      >
        <textarea aria-label="Message" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit">Send</button>
      </form>
    </main>
  );
}
