'use client';

export type ExamplePrompt = { title: string; text: string; thinking?: boolean };

/** Each shows off something Rill does: long streamed Markdown, tool calls, extended thinking. */
export const EXAMPLE_PROMPTS: readonly ExamplePrompt[] = [
  {
    title: 'Explain with code and a table',
    text: 'Explain how TCP congestion control works, with a table comparing Reno, CUBIC and BBR and a short Python simulation.',
  },
  { title: 'Check the weather', text: 'What is the weather in Lisbon right now, and what time is it there?' },
  { title: 'Do exact maths', text: 'What is 2^64 − 1 exactly, and how many years is that many nanoseconds?' },
  {
    title: 'Think it through',
    text: 'Three friends split a $60 bill. Each pays the average of what the other two pay, plus $1. Who pays what?',
    thinking: true,
  },
];

/**
 * A new conversation: what Claude can do here, and a few prompts to try it. The demo model is not
 * Claude: there, the examples show what Rill does (the demo answers each with its feature).
 */
export function EmptyState({ demoMode, onPick }: { demoMode: boolean; onPick: (example: ExamplePrompt) => void }) {
  return (
    <section aria-labelledby="empty-state-title" className="mx-auto w-full max-w-prose px-2 py-6 sm:py-16">
      <h2 id="empty-state-title" className="text-center text-2xl font-semibold">
        {demoMode ? 'See what Rill can do' : 'What can Claude help with?'}
      </h2>
      <p className="mt-2 text-center text-muted">
        {demoMode
          ? 'The offline demo model answers each example with the feature it shows.'
          : 'Answers stream in as they are written. Press Esc or Stop to cancel.'}
      </p>
      <ul className="mt-6 grid gap-2 sm:mt-8 sm:grid-cols-2">
        {EXAMPLE_PROMPTS.map((example) => (
          <li key={example.title}>
            <button
              type="button"
              onClick={() => onPick(example)}
              className="h-full w-full rounded-xl border border-border bg-surface px-4 py-3 text-left hover:bg-surface-strong"
            >
              <span className="block text-sm font-medium">{example.title}</span>
              {/* On a phone the titles alone keep the whole empty state on one screen. */}
              <span className="mt-1 line-clamp-2 hidden text-sm text-muted sm:block">{example.text}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
