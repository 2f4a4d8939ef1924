import Link from 'next/link';
import type { ReactNode } from 'react';

/** A page outside the chat (settings, admin): a way back to the chat, its heading, then its content. */
export function StandalonePage({ title, wide = false, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <main className={`mx-auto space-y-6 px-4 py-8 ${wide ? 'max-w-5xl' : 'max-w-2xl'}`}>
      <Link href="/" className="text-sm text-muted underline hover:text-fg">
        Back to the chat
      </Link>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </main>
  );
}
