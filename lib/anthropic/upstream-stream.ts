import { APIError } from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';

/**
 * One upstream step's events, as Anthropic streams them, in the batches that arrived together
 * (one network read each), and the controller that cancels the request.
 */
export type UpstreamStream = AsyncIterable<RawMessageStreamEvent[]> & { controller: AbortController };

type SseMessage = { event: string | null; data: string };

/**
 * Server-Sent Events decoding, exactly as the SDK's own `Stream` does it (`event:` and `data:`
 * fields, `\n`, `\r\n` or `\r` line ends, comments, a leading BOM, several `data:` lines joined
 * by `\n`), but over text already decoded and without an async generator per line and per event.
 */
export class SseDecoder {
  private pending = '';
  private event: string | null = null;
  private data: string[] = [];

  /** The messages completed by `text`. */
  push(text: string, out: SseMessage[] = []): SseMessage[] {
    let buffer = this.pending + text;
    // A `\r` at the very end may be the first half of `\r\n`: wait for the next text.
    const holdBack = buffer.endsWith('\r') ? 1 : 0;
    let start = 0;
    const limit = buffer.length - holdBack;
    if (!buffer.includes('\r')) {
      let end: number;
      while ((end = buffer.indexOf('\n', start)) !== -1) {
        this.takeLine(buffer.slice(start, end), out);
        start = end + 1;
      }
    } else {
      for (let i = 0; i < limit; i++) {
        const char = buffer.charCodeAt(i);
        if (char !== 10 && char !== 13) continue;
        this.takeLine(buffer.slice(start, i), out);
        if (char === 13 && buffer.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
    }
    buffer = buffer.slice(start);
    this.pending = buffer;
    return out;
  }

  /** The messages completed by the end of the stream (a last line without its line end). */
  end(out: SseMessage[] = []): SseMessage[] {
    const rest = this.pending;
    this.pending = '';
    // As the SDK does: a held-back `\r` still ends its (possibly empty) line.
    if (rest) for (const line of rest.replace(/\r$/, '').split(/\r\n|[\n\r]/)) this.takeLine(line, out);
    return out;
  }

  private takeLine(line: string, out: SseMessage[]): void {
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (!line) {
      if (this.event === null && this.data.length === 0) return;
      out.push({ event: this.event, data: this.data.join('\n') });
      this.event = null;
      this.data = [];
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return;
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'event' && field !== 'data') return;
    const value = colon === -1 ? '' : line.slice(line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1);
    if (field === 'event') this.event = value;
    else this.data.push(value);
  }
}

/**
 * The events of SSE messages, as the SDK's `Stream` yields them: `ping`s and messages without an
 * `event:` line are skipped (the SDK drops them too), and an `error` event throws the APIError
 * the SDK would throw.
 */
export function streamEvents(messages: readonly SseMessage[], headers: Headers): RawMessageStreamEvent[] {
  const events: RawMessageStreamEvent[] = [];
  for (const { event, data } of messages) {
    if (event === null || event === 'ping') continue;
    if (event === 'error') {
      // Its type is read from the body, as the SDK's is.
      throw new APIError(undefined, (safeJson(data) ?? data) as object, undefined, headers);
    }
    if (data) events.push(JSON.parse(data) as RawMessageStreamEvent);
  }
  return events;
}

async function* readChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a streamed Messages response: `body` yields its bytes (a Node stream or a web stream),
 * each read becoming one batch of events. Leaving early (Stop, an error) cancels the request
 * through `controller`, as the SDK's stream does.
 */
export function upstreamStream(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, headers: Headers, controller: AbortController): UpstreamStream {
  const chunks = body instanceof ReadableStream ? readChunks(body) : body;
  return {
    controller,
    async *[Symbol.asyncIterator]() {
      const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      const sse = new SseDecoder();
      const reads = chunks[Symbol.asyncIterator]();
      let done = false;
      try {
        for (;;) {
          const read = await reads.next().catch((error: unknown) => {
            throw isAbortError(error) ? error : droppedConnection(error);
          });
          if (read.done) break;
          const events = streamEvents(sse.push(decoder.decode(read.value, { stream: true })), headers);
          if (events.length > 0) yield events;
        }
        done = true;
        const events = streamEvents(sse.end(sse.push(decoder.decode())), headers);
        if (events.length > 0) yield events;
      } catch (error) {
        // A Stop aborts the request, which ends the read: the step simply ends, as with the SDK.
        if (controller.signal.aborted || isAbortError(error)) return;
        throw error;
      } finally {
        if (!done) {
          controller.abort();
          void reads.return?.()?.catch(() => undefined);
        }
      }
    },
  };
}

/**
 * A body that fails mid-read is a connection that dropped, whatever the transport says: fetch's
 * own TypeError ("terminated"), which describeUpstreamError tells the person as such.
 */
function droppedConnection(error: unknown): unknown {
  return error instanceof TypeError ? error : new TypeError('terminated', { cause: error });
}
