/**
 * Turns whatever `useChat` reports as an error into a sentence for the person at the
 * keyboard. HTTP errors carry Rill's JSON body `{ error: { type, message } }` as the
 * error message; mid-stream errors carry the message text itself.
 */
export function readableChatError(error: Error): string {
  const raw = error.message.trim();
  if (raw.startsWith('{')) {
    try {
      const body = JSON.parse(raw) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string' && body.error.message) return body.error.message;
    } catch {
      // Not JSON after all: fall through to the text itself.
    }
  }
  if (isConnectionError(error)) {
    return "Can't reach the Rill server. Check your connection and try again.";
  }
  return raw || 'Something went wrong. Try again.';
}

/** The connection to Rill broke (offline, dropped), as opposed to an answer from the server. */
export function isConnectionError(error: Error): boolean {
  return error.name === 'TypeError' || /failed to fetch|network ?error|load failed|network changed|terminated/i.test(error.message);
}
