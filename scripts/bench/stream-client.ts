// The benchmark's HTTP client: opens one streaming request and notes when each text delta
// arrives. It reads Rill's UI message stream and, for the no-proxy reference, the fake
// Anthropic server's own stream, in exactly the same way, so that both carry the same client
// overhead. Plain Node (type stripping).

import { Agent, request } from 'node:http';

import { now } from '../../e2e/fake-anthropic/server.ts';

/** Where a stream comes from, and how its text deltas look on the wire. */
export type StreamTarget = {
  /**
   * Rill (`POST /api/chat`), the bare Node proxy (`POST /v1/messages`, answering in Rill's UI
   * message stream) or the fake directly (`POST /v1/messages`, Anthropic's SSE).
   */
  kind: 'rill' | 'bare' | 'reference';
  origin: string;
  /** Rill's identity cookie (unused for the reference). */
  cookie?: string;
};

export type StreamTiming = {
  nonce: string;
  status: number;
  /** Receipt time (epoch ms, sub-millisecond) of each text delta, in order. */
  deltaAts: number[];
  error?: string;
};

// Each SSE event is matched by a fixed substring rather than parsed: JSON.parse for every delta
// would be client work that the reference does not need to do in the same amount.
const TEXT_DELTA = { rill: '"type":"text-delta"', bare: '"type":"text-delta"', reference: '"type":"text_delta"' } as const;
const ERROR_EVENT = { rill: '"type":"error"', bare: 'event: error', reference: 'event: error' } as const;

// A connection per stream, as 200 browsers would open, and no limit on how many at once. (Kept-alive
// sockets idle between levels would outlive the server's keep-alive timeout and hang up.)
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

/** The message that selects the fake's scenario: a paced answer of `words` words, recorded with [[trace:1]]. */
export function benchMessage(options: { words: number; paceMs: number; nonce: string; scenario?: string; marker?: string }): string {
  const marker = options.marker ? ` [[marker:${options.marker}]]` : '';
  return `[[scenario:${options.scenario ?? 'paced'}]] [[words:${options.words}]] [[pace:${options.paceMs}]] [[nonce:${options.nonce}]] [[trace:1]]${marker} Benchmark.`;
}

function requestBody(target: StreamTarget, text: string, nonce: string): string {
  if (target.kind !== 'rill') {
    return JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 16_384, stream: true, messages: [{ role: 'user', content: text }] });
  }
  // A new chat's first message, as the browser sends it: without a parent.
  return JSON.stringify({ id: `bench-${nonce}`, parentId: null, message: { id: `bench-${nonce}-user`, role: 'user', parts: [{ type: 'text', text }] } });
}

/** Streams one answer to its end, noting each text delta's receipt. Never rejects. */
export function streamOnce(target: StreamTarget, text: string, nonce: string, timeoutMs = 120_000): Promise<StreamTiming> {
  const timing: StreamTiming = { nonce, status: 0, deltaAts: [] };
  const body = requestBody(target, text, nonce);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (target.kind !== 'rill') {
    headers['x-api-key'] = 'bench-key';
    headers['anthropic-version'] = '2023-06-01';
  } else if (target.cookie) {
    headers.cookie = target.cookie;
  }
  const path = target.kind === 'rill' ? '/api/chat' : '/v1/messages';
  const textDelta = TEXT_DELTA[target.kind];
  const errorEvent = ERROR_EVENT[target.kind];

  return new Promise((resolve) => {
    let settled = false;
    const settle = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) timing.error = error;
      resolve(timing);
    };
    const req = request(`${target.origin}${path}`, { method: 'POST', headers, agent }, (res) => {
      timing.status = res.statusCode ?? 0;
      // latin1 decodes every byte to one character: cheap, and enough to find ASCII markers.
      res.setEncoding('latin1');
      let pending = '';
      let failure: string | undefined;
      res.on('data', (chunk: string) => {
        const receivedAt = now();
        pending += chunk;
        let start = 0;
        let end: number;
        while ((end = pending.indexOf('\n\n', start)) >= 0) {
          const event = pending.slice(start, end);
          if (event.includes(textDelta)) timing.deltaAts.push(receivedAt);
          else if (event.includes(errorEvent)) failure ??= `error event: ${event.slice(0, 200)}`;
          start = end + 2;
        }
        pending = pending.slice(start);
      });
      res.on('end', () => {
        if (timing.status !== 200) settle(`HTTP ${timing.status}: ${pending.slice(0, 200)}`);
        else settle(failure);
      });
      res.on('error', (error) => settle(`response: ${error.message}`));
    });
    const timer = setTimeout(() => {
      req.destroy();
      settle(`timed out after ${timeoutMs} ms`);
    }, timeoutMs);
    req.on('error', (error) => settle(`request: ${error.message}`));
    req.end(body);
  });
}
