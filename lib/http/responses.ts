import type { ChatErrorBody } from '../protocol/chat-error';

/** The JSON error body every Rill endpoint uses: `{ error: { type, message } }`. */
/**
 * Rill's JSON error. With `retryAfterSeconds` (a wait the caller should keep), the body carries
 * it beside the message, which then need not say it (the chat counts it down), and so does the
 * `Retry-After` header.
 */
export function errorResponse(status: number, type: string, message: string, options: { retryAfterSeconds?: number | undefined } = {}): Response {
  const { retryAfterSeconds } = options;
  const body: ChatErrorBody = { error: { type, message, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) } };
  return Response.json(body, { status, ...(retryAfterSeconds ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}) });
}

/** A request without Rill's identity cookie (the proxy sets it on every page and API call). */
export function unauthorized(): Response {
  return errorResponse(401, 'unauthorized', 'Your session cookie is missing or invalid. Reload the page and try again.');
}

/** The same answer for "does not exist" and "is someone else's", so nothing leaks. */
export function conversationNotFound(): Response {
  return errorResponse(404, 'not_found', 'No such conversation.');
}
