export function DemoBanner() {
  return (
    <p role="note" className="border-b border-border bg-warning-surface px-4 py-2 text-center text-sm text-warning">
      Demo mode: answers come from an offline demo model, not Claude. Set <code className="font-mono">ANTHROPIC_API_KEY</code>{' '}
      on the server and restart Rill to chat with Claude.
    </p>
  );
}
