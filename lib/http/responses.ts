/** The JSON error body every Rill endpoint uses: `{ error: { type, message } }`. */
export function errorResponse(status: number, type: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { type, message } }, { status, headers });
}

/** A request without Rill's identity cookie (the proxy sets it on every page and API call). */
export function unauthorized(): Response {
  return errorResponse(401, 'unauthorized', 'Your session cookie is missing or invalid. Reload the page and try again.');
}

/** The same answer for "does not exist" and "is someone else's", so nothing leaks. */
export function conversationNotFound(): Response {
  return errorResponse(404, 'not_found', 'No such conversation.');
}
