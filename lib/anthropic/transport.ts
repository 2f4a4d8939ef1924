import 'server-only';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * The upstream client's transport: `fetch` over Node's own HTTP client, with kept-alive
 * connections. The SDK asks for nothing but a `fetch`, and undici's took ≈ 15% of Rill's CPU
 * while answers streamed (its WebAssembly parser, the body's byte stream, fetch's bookkeeping
 * per read; docs/benchmarks.md). Redirects are not followed (the API sends none). A body that
 * is not a string or bytes (none that Rill sends) goes through the global `fetch`.
 *
 * A response's body is read only when asked for: `response.json()` and the like read it as a
 * web stream, while the answer's stream takes the socket's own stream (`takeNodeBody`) and
 * skips web streams altogether.
 */

const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
const requests = { 'http:': httpRequest, 'https:': httpsRequest };

/** Each response's body as Node reads it, until something reads it either way. */
const nodeBodies = new WeakMap<Response, IncomingMessage>();
const bodyTaken = () => new TypeError('This body is read as a Node stream (takeNodeBody).');

const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);
// As undici's fetch: a connection that sends nothing for this long (headers or body) is given up.
const IDLE_TIMEOUT_MS = 300_000;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return false;
}

export async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const body = requestBody(init.body);
  if (input instanceof Request || body === false) return fetch(input, init);
  const url = new URL(input);
  const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
  if (!protocol) throw new TypeError(`fetch: ${url.protocol} is not supported`);
  const { signal } = init;
  if (signal?.aborted) throw abortError(signal);

  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));

  return new Promise<Response>((resolve, reject) => {
    const outgoing = requests[protocol](url, { method: init.method ?? 'GET', headers, agent: agents[protocol], timeout: IDLE_TIMEOUT_MS }, (incoming) => {
      signal?.removeEventListener('abort', onAbortBeforeResponse);
      signal?.addEventListener('abort', () => incoming.destroy(abortError(signal) as Error), { once: true });
      resolve(toResponse(incoming, init.method === 'HEAD'));
    });
    const onAbortBeforeResponse = () => {
      outgoing.destroy();
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbortBeforeResponse, { once: true });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`Nothing came from ${url.host} for ${IDLE_TIMEOUT_MS / 1000} s.`)));
    // As undici's fetch does: a failure to connect or send is a TypeError, its cause the reason.
    outgoing.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
    outgoing.end(body);
  });
}

function toResponse(incoming: IncomingMessage, head: boolean): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const status = incoming.statusCode ?? 502;
  if (head || NO_BODY_STATUSES.has(status)) {
    incoming.resume();
    return new Response(null, { status, statusText: incoming.statusMessage ?? '', headers });
  }
  let chunks: AsyncIterator<Buffer> | undefined;
  const response = new Response(
    new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (!chunks) {
            if (!nodeBodies.delete(response)) return controller.error(bodyTaken());
            chunks = incoming[Symbol.asyncIterator]();
          }
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
        },
        cancel() {
          incoming.destroy();
        },
      },
      // Nothing is read until the body is: the answer's stream may take the socket's stream instead.
      { highWaterMark: 0 },
    ),
    { status, statusText: incoming.statusMessage ?? '', headers },
  );
  nodeBodies.set(response, incoming);
  return response;
}

/**
 * The response's body as Node's stream, for a reader that decodes it itself; undefined when the
 * response did not come from `nodeFetch` or its body has been read. Once taken, it is the
 * only way to read the body.
 */
export function takeNodeBody(response: Response): IncomingMessage | undefined {
  const incoming = nodeBodies.get(response);
  nodeBodies.delete(response);
  return incoming;
}
