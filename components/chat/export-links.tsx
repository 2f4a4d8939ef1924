/** Downloads of the whole conversation. */
export function ExportLinks({ conversationId }: { conversationId: string }) {
  const base = `/api/conversations/${encodeURIComponent(conversationId)}/export`;
  return (
    <nav aria-label="Export conversation" className="flex items-center gap-2 text-sm text-muted">
      {/* The nav's name says what the links are for; narrow screens need the room. */}
      <span className="hidden sm:inline">Export</span>
      <a href={`${base}?format=markdown`} download className="text-accent underline">
        Markdown
      </a>
      <a href={`${base}?format=json`} download className="text-accent underline">
        JSON
      </a>
    </nav>
  );
}
