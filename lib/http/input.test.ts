import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonInput } from './input';

const anything = z.unknown();
const readJsonBody = (request: Request, limit: number) => readJsonInput(request, anything, limit);

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request('http://rill.test/api/chat', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('readJsonInput', () => {
  it('parses JSON within the limit', async () => {
    expect(await readJsonBody(post('{"a":1}'), 100)).toEqual({ ok: true, data: { a: 1 } });
  });

  it('refuses a declared length over the limit with 413', async () => {
    const result = await readJsonBody(post('{}', { 'content-length': '5000' }), 100);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.response.status).toBe(413);
  });

  it('counts streamed bytes when no length is declared', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(50)));
        controller.close();
      },
    });
    const result = await readJsonBody(post(chunks), 100);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(413);
      expect(await result.response.json()).toMatchObject({ error: { type: 'request_too_large' } });
    }
  });

  it('answers invalid JSON with a 400', async () => {
    const result = await readJsonBody(post('{"a":'), 100);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(400);
      expect(await result.response.json()).toEqual({ error: { type: 'invalid_json', message: 'The request body is not valid JSON.' } });
    }
  });

  it('answers a body its schema refuses with a 400 that names the field', async () => {
    const result = await readJsonInput(post('{"title":5}'), z.object({ title: z.string() }), 100);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(400);
      expect(await result.response.json()).toMatchObject({ error: { type: 'invalid_request', message: expect.stringContaining('title') } });
    }
  });
});
