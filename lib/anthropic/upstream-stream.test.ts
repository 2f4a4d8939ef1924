import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { upstreamStream } from './upstream-stream';

const FIXTURES_DIR = join(__dirname, '../../e2e/fixtures/anthropic/sse');
const fixtureFiles = readdirSync(FIXTURES_DIR).sort();

/** The events the SDK's own `Stream` yields for this body: the reference. */
async function sdkEvents(body: Uint8Array<ArrayBuffer>): Promise<RawMessageStreamEvent[]> {
  const client = new Anthropic({
    apiKey: 'test-key',
    baseURL: 'http://fixtures.invalid',
    maxRetries: 0,
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  });
  const events: RawMessageStreamEvent[] = [];
  for await (const event of await client.messages.create({ model: 'claude-test', max_tokens: 16, messages: [], stream: true })) events.push(event);
  return events;
}

/** A deterministic pseudo-random split of `bytes` into pieces of 1 to `max` bytes (UTF-8 sequences cut anywhere). */
function split(bytes: Uint8Array, seed: number, max: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let state = seed;
  for (let at = 0; at < bytes.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const size = 1 + (state % max);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

async function* chunksOf(pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}

async function ourEvents(pieces: Uint8Array[]): Promise<RawMessageStreamEvent[]> {
  const events: RawMessageStreamEvent[] = [];
  for await (const batch of upstreamStream(chunksOf(pieces), new Headers(), new AbortController())) events.push(...batch);
  return events;
}

const encode = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

describe('reading a streamed Messages response', () => {
  it('finds the recorded streams', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(16);
  });

  for (const file of fixtureFiles) {
    it(`yields exactly the SDK's events for ${file}, however the bytes are cut and whatever the line ends`, async () => {
      const text = readFileSync(join(FIXTURES_DIR, file), 'utf8');
      const expected = await sdkEvents(encode(text));
      expect(expected.length).toBeGreaterThan(0);
      for (const lineEnd of ['\n', '\r\n', '\r']) {
        const body = encode(text.replaceAll('\n', lineEnd));
        expect(await sdkEvents(body)).toEqual(expected);
        expect(await ourEvents([body])).toEqual(expected);
        for (const [seed, max] of [[1, 1], [2, 3], [3, 17], [4, 200]] as const) {
          expect(await ourEvents(split(body, seed, max))).toEqual(expected);
        }
      }
    });
  }

  it('yields the events of one network read together, and skips pings and messages without an event line', async () => {
    const start = { type: 'message_start', message: { id: 'm1' } };
    const stop = { type: 'message_stop' };
    const body = `event: ping\ndata: {"type":"ping"}\n\ndata: {"type":"orphan"}\n\n: a comment\nevent: message_start\ndata: ${JSON.stringify(start)}\n\nevent: message_stop\ndata: ${JSON.stringify(stop)}\n\n`;
    const batches: RawMessageStreamEvent[][] = [];
    for await (const batch of upstreamStream(chunksOf([encode(body)]), new Headers(), new AbortController())) batches.push(batch);
    expect(batches).toEqual([[start, stop]]);
  });

  it("throws the SDK's APIError for an error event, with its type, and cancels the request", async () => {
    const body = encode('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    const controller = new AbortController();
    const reading = (async () => {
      for await (const batch of upstreamStream(chunksOf([body]), new Headers({ 'request-id': 'req_1' }), controller)) void batch;
    })();
    const error = await reading.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: 'overloaded_error', requestID: 'req_1', apiMessage: 'Overloaded' });
    expect(controller.signal.aborted).toBe(true);

    const sdkError = await sdkEvents(body).catch((caught: unknown) => caught);
    expect(sdkError).toMatchObject({ type: 'overloaded_error', apiMessage: 'Overloaded' });
    expect((error as Error).message).toBe((sdkError as Error).message);
  });

  it('cancels the request when the reader leaves early, and ends quietly when the request is aborted', async () => {
    const controller = new AbortController();
    const event = (n: number) => encode(`event: ping2\ndata: {"type":"content_block_stop","index":${n}}\n\n`);
    for await (const batch of upstreamStream(chunksOf([event(0), event(1)]), new Headers(), controller)) {
      expect(batch).toEqual([{ type: 'content_block_stop', index: 0 }]);
      break;
    }
    expect(controller.signal.aborted).toBe(true);

    async function* aborted(): AsyncGenerator<Uint8Array> {
      yield event(0);
      throw new DOMException('This operation was aborted', 'AbortError');
    }
    const batches: RawMessageStreamEvent[][] = [];
    for await (const batch of upstreamStream(aborted(), new Headers(), new AbortController())) batches.push(batch);
    expect(batches).toEqual([[{ type: 'content_block_stop', index: 0 }]]);
  });

  it('reads a web stream body the same way', async () => {
    const body = readFileSync(join(FIXTURES_DIR, 'anthropic-text.sse'));
    const events: RawMessageStreamEvent[] = [];
    const stream = new Response(body).body!;
    for await (const batch of upstreamStream(stream, new Headers(), new AbortController())) events.push(...batch);
    expect(events).toEqual(await sdkEvents(body));
  });
});
