export type BoundedBody = { ok: true; bytes: Uint8Array } | { ok: false; problem: 'too_large' | 'empty' };

/**
 * Reads a body, giving up as soon as it passes `limitBytes`: the declared length is checked
 * first, and the bytes actually received are counted as they arrive, so an oversized or lying
 * body is never held in memory whole. Used for requests Rill receives and responses its tools
 * fetch.
 */
export async function readBoundedBody(body: ReadableStream<Uint8Array> | null, declaredLength: string | null, limitBytes: number): Promise<BoundedBody> {
  const declared = Number(declaredLength ?? undefined);
  if (Number.isFinite(declared) && declared > limitBytes) {
    await body?.cancel().catch(() => {});
    return { ok: false, problem: 'too_large' };
  }
  if (!body) return { ok: false, problem: 'empty' };

  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, problem: 'too_large' };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) };
}
