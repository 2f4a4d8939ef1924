/** The JSON error body every Rill endpoint uses: `{ error: { type, message } }`. */
export function errorResponse(status: number, type: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { type, message } }, { status, headers });
}
