import { errorResponse } from './responses';

export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; response: Response };
export type BodyBytesResult = { ok: true; bytes: Uint8Array } | { ok: false; response: Response };

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

const tooLarge = (message: string): { ok: false; response: Response } => ({
  ok: false,
  response: errorResponse(413, 'request_too_large', message),
});

/**
 * Reads a request body, refusing it as soon as it passes `limitBytes`: the declared
 * Content-Length is checked first, and the bytes actually received are counted as they
 * arrive, so an oversized or lying request is never held in memory whole.
 * `messages` word the refusals: the 413 is told the limit, formatted.
 */
export async function readBodyBytes(
  request: Request,
  limitBytes: number,
  messages: { tooLarge: (limit: string) => string; empty: string },
): Promise<BodyBytesResult> {
  const refuse = () => tooLarge(messages.tooLarge(formatBytes(limitBytes)));
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) return refuse();
  if (!request.body) return { ok: false, response: errorResponse(400, 'invalid_request', messages.empty) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel();
      return refuse();
    }
    chunks.push(value);
  }
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) };
}

/** Reads a JSON request body within `limitBytes` (see `readBodyBytes`). */
export async function readJsonBody(request: Request, limitBytes: number): Promise<JsonBodyResult> {
  const body = await readBodyBytes(request, limitBytes, {
    tooLarge: (limit) => `The request is larger than ${limit}. Shorten the message or start a new chat.`,
    empty: 'The request body is empty; send JSON.',
  });
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(Buffer.from(body.bytes).toString('utf8')) as unknown };
  } catch {
    return { ok: false, response: errorResponse(400, 'invalid_json', 'The request body is not valid JSON.') };
  }
}
