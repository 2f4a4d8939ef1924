/** Rill's own 404: what is missing, and the way back to a chat. */
export function NotFoundNotice({ heading, detail }: { heading: string; detail: string }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 px-4 py-16 text-center">
      <p className="text-sm font-medium text-muted">Error 404</p>
      <h2 className="text-2xl font-semibold tracking-tight">{heading}</h2>
      <p className="max-w-prose text-muted">{detail}</p>
      {/* A whole page load: the router may still hold an old "/" with a deleted chat's id. */}
      <a href="/" className="mt-2 rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg hover:opacity-90">
        Start a new chat
      </a>
    </div>
  );
}
