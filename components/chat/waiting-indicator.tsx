/** Shown between Send and the first token, which can take a while on a busy model. */
export function WaitingIndicator() {
  return <p className="animate-pulse text-muted motion-reduce:animate-none">Waiting for Claude…</p>;
}
