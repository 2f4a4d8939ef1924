import { errorResponse } from './responses';

export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; response: Response };

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function tooLarge(limitBytes: number): JsonBodyResult {
  return {
    ok: false,
    response: errorResponse(
      413,
      'request_too_large',
      `The request is larger than ${formatBytes(limitBytes)}. Shorten the message or start a new chat.`,
    ),
  };
}

/**
 * Reads a JSON request body, refusing it as soon as it passes `limitBytes`: the declared
 * Content-Length is checked first, and the bytes actually received are counted as they
 * arrive, so an oversized or lying request is never held in memory whole.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<JsonBodyResult> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) return tooLarge(limitBytes);
  if (!request.body) {
    return { ok: false, response: errorResponse(400, 'invalid_request', 'The request body is empty; send JSON.') };
  }

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel();
      return tooLarge(limitBytes);
    }
    chunks.push(value);
  }

  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: errorResponse(400, 'invalid_json', 'The request body is not valid JSON.') };
  }
}
