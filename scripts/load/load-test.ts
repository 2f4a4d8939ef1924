// Load-test building blocks: run chat conversations against a running Rill that talks to the fake
// Anthropic server, and prove that every answer arrives, and is stored, exactly once.
// Plain Node (type stripping): erasable TypeScript only. Used by `npm run load` (./main.ts) and by
// the CI version in e2e/load.spec.ts.

import { pacedText } from '../../e2e/fake-anthropic/scenarios.ts';
import type { RequestLogEntry } from '../../e2e/fake-anthropic/server.ts';

export type ConversationOptions = {
  /** Rill's origin, e.g. http://127.0.0.1:3000 */
  baseURL: string;
  /** The identity cookie header (`rill_owner=…`, plus `rill_access=…` behind a password). */
  cookie: string;
  /** Words the fake streams (`[[words:N]]`). */
  words: number;
  /** Milliseconds between the fake's deltas (`[[pace:MS]]`). */
  paceMs: number;
  /** Aborts every request. */
  signal?: AbortSignal;
  /** Upper bound for one conversation's stream (default 60 s). */
  timeoutMs?: number;
  /** How long to wait for the final save to show up in GET /api/conversations/<id> (default 10 s). */
  storedTimeoutMs?: number;
  /** Prefix of the conversation id and nonce (default `load`). */
  label?: string;
};

export type ConversationResult = {
  /** The conversation id. */
  id: string;
  /** The `[[nonce:…]]` that identifies this conversation's upstream request. */
  nonce: string;
  /** What the fake sent: `pacedText(words)`. */
  expectedText: string;
  /** The text reassembled from the response's `text-delta` chunks. */
  receivedText: string;
  /** The stored assistant message's text parts, concatenated (null when it could not be read). */
  storedText: string | null;
  ok: boolean;
  /** Every problem found, joined with "; ". */
  error?: string;
  /** HTTP status of POST /api/chat (0 when the request failed). */
  status: number;
  /** Milliseconds from the POST to the first text-delta. */
  firstDeltaMs?: number;
  /** Milliseconds from the POST to the end of the stream. */
  streamMs: number;
  /** Milliseconds from the POST to the end of all checks of this conversation (stored message included). */
  totalMs: number;
  /** Streaming upstream requests the fake logged with this nonce (set by verifyUpstreamRequests). */
  upstreamRequests?: number;
};

export type Stats = { count: number; p50: number; p95: number; max: number };

export type RunReport = {
  results: ConversationResult[];
  count: number;
  okCount: number;
  failures: ConversationResult[];
  /** Wall-clock milliseconds for the whole batch, checks included. */
  wallMs: number;
  /** POST → end of stream. */
  streamMs: Stats;
  /** POST → first text-delta. */
  firstDeltaMs: Stats;
};

export type ConcurrentOptions = Omit<ConversationOptions, 'label'> & {
  count: number;
  /** The fake Anthropic server's origin, for its `/_log`. */
  fakeAnthropicURL: string;
  label?: string;
};

/** The exact text the fake streams for `[[scenario:paced]] [[words:N]]` (see buildPlan in scenarios.ts). */
export function expectedPacedText(words: number): string {
  return pacedText(words);
}

export function uniqueId(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function userText(words: number, paceMs: number, nonce: string): string {
  return `[[scenario:paced]] [[words:${words}]] [[pace:${paceMs}]] [[nonce:${nonce}]] Load test message.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

/** Where two strings first differ, for error messages. */
function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 20), i + 20));
  return `lengths ${expected.length} expected vs ${actual.length} got, first difference at ${i}: expected ${around(expected)}, got ${around(actual)}`;
}

type StreamCheck = {
  text: string;
  messageId?: string;
  firstDeltaMs?: number;
  problems: string[];
};

/**
 * Reads a whole UI message stream (SSE `data: {json}` events ending with `data: [DONE]`), checks
 * its structure (start, text-start before text-delta, text-end, finish, no error chunks, [DONE]
 * last) and reassembles the text.
 */
async function readUIMessageStream(body: ReadableStream<Uint8Array>, startedAt: number): Promise<StreamCheck> {
  const problems: string[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  let text = '';
  let messageId: string | undefined;
  let firstDeltaMs: number | undefined;
  let sawStart = false;
  let sawFinish = false;
  let sawDone = false;
  let textStarts = 0;
  const open = new Set<string>();
  const closed = new Set<string>();

  const handleEvent = (raw: string) => {
    const data = raw
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      .join('\n');
    if (data === '') return;
    if (sawDone) {
      problems.push('data after [DONE]');
      return;
    }
    if (data === '[DONE]') {
      sawDone = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      problems.push(`unparseable event ${JSON.stringify(data.slice(0, 80))}`);
      return;
    }
    if (!isRecord(chunk) || typeof chunk.type !== 'string') {
      problems.push(`event without a type ${JSON.stringify(data.slice(0, 80))}`);
      return;
    }
    const id = typeof chunk.id === 'string' ? chunk.id : '';
    switch (chunk.type) {
      case 'start':
        if (sawStart) problems.push('two start chunks');
        sawStart = true;
        if (typeof chunk.messageId === 'string') messageId = chunk.messageId;
        break;
      case 'text-start':
        textStarts++;
        if (open.has(id) || closed.has(id)) problems.push(`text-start for text ${id} twice`);
        open.add(id);
        break;
      case 'text-delta':
        if (!open.has(id)) problems.push(`text-delta for text ${id} ${closed.has(id) ? 'after its text-end' : 'before its text-start'}`);
        if (typeof chunk.delta !== 'string') {
          problems.push('text-delta without a string delta');
          break;
        }
        firstDeltaMs ??= performance.now() - startedAt;
        text += chunk.delta;
        break;
      case 'text-end':
        if (!open.has(id)) problems.push(`text-end for text ${id} that is not open`);
        open.delete(id);
        closed.add(id);
        break;
      case 'error':
        problems.push(`error chunk: ${String(chunk.errorText ?? JSON.stringify(chunk))}`);
        break;
      case 'abort':
        problems.push('abort chunk');
        break;
      case 'finish':
        if (sawFinish) problems.push('two finish chunks');
        sawFinish = true;
        break;
      default:
        if (sawFinish) problems.push(`${chunk.type} chunk after finish`);
    }
  };

  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    buffer = buffer.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      handleEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
  buffer += decoder.decode();
  if (buffer.trim() !== '') handleEvent(buffer);

  if (!sawStart) problems.push('no start chunk');
  if (textStarts !== 1) problems.push(`${textStarts} text blocks (text-start chunks), expected 1`);
  if (open.size > 0) problems.push(`text ${[...open].join(', ')} never ended (no text-end)`);
  if (!sawFinish) problems.push('no finish chunk');
  if (!sawDone) problems.push('the stream did not end with [DONE]');
  return { text, messageId, firstDeltaMs, problems };
}

type StoredMessage = { id: string; role: string; status: string; parts: unknown[] };

/** Concatenates a stored message's text parts, and counts them. */
function textParts(message: StoredMessage): { text: string; count: number } {
  const texts = message.parts.flatMap((part) => (isRecord(part) && part.type === 'text' && typeof part.text === 'string' ? [part.text] : []));
  return { text: texts.join(''), count: texts.length };
}

/**
 * Reads the stored conversation until its answer is final (the last save runs just after the
 * stream ends), then checks: the user message once, exactly one assistant message, complete,
 * its text exactly once.
 */
async function checkStored(
  options: ConversationOptions,
  id: string,
  userMessageId: string,
  sentText: string,
  expected: string,
  streamedMessageId: string | undefined,
): Promise<{ storedText: string | null; problems: string[] }> {
  const deadline = performance.now() + (options.storedTimeoutMs ?? 10_000);
  let messages: StoredMessage[] = [];
  let lastProblem = '';
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${options.baseURL}/api/conversations/${encodeURIComponent(id)}`, {
      headers: { cookie: options.cookie },
      signal: options.signal,
    });
    if (response.ok) {
      const body = (await response.json()) as { messages?: StoredMessage[] };
      messages = Array.isArray(body.messages) ? body.messages : [];
      const assistants = messages.filter((message) => message.role === 'assistant');
      if (assistants.length > 0 && assistants.every((message) => message.status !== 'streaming')) break;
      lastProblem = assistants.length === 0 ? 'no assistant message stored' : 'the stored answer is still marked streaming';
    } else {
      await response.body?.cancel();
      lastProblem = `GET /api/conversations/${id}: HTTP ${response.status}`;
    }
    if (performance.now() > deadline) {
      return { storedText: null, problems: [`${lastProblem} ${options.storedTimeoutMs ?? 10_000} ms after the stream ended`] };
    }
    await sleep(Math.min(25 * 2 ** attempt, 250), options.signal);
  }

  const problems: string[] = [];
  const users = messages.filter((message) => message.role === 'user');
  const assistants = messages.filter((message) => message.role === 'assistant');
  if (messages.length !== 2) problems.push(`${messages.length} stored messages (${messages.map((m) => m.role).join(', ')}), expected user + assistant`);
  if (users.length !== 1 || users[0]?.id !== userMessageId) problems.push(`stored user messages: ${users.map((m) => m.id).join(', ') || 'none'}`);
  else if (textParts(users[0]).text !== sentText) problems.push('the stored user message differs from what was sent');
  if (assistants.length !== 1) problems.push(`${assistants.length} stored assistant messages, expected 1`);
  const answer = assistants[0];
  if (!answer) return { storedText: null, problems };
  if (answer.status !== 'complete') problems.push(`the stored answer is ${answer.status}, expected complete`);
  if (streamedMessageId !== undefined && answer.id !== streamedMessageId) {
    problems.push(`the stored answer's id ${answer.id} is not the streamed message id ${streamedMessageId}`);
  }
  const stored = textParts(answer);
  if (stored.count !== 1) problems.push(`${stored.count} stored text parts, expected 1`);
  if (stored.text !== expected) problems.push(`stored text differs from the sent text: ${firstDifference(expected, stored.text)}`);
  return { storedText: stored.text, problems };
}

/** One conversation: POST /api/chat, read and check the whole stream, then check what was stored. */
export async function runConversation(options: ConversationOptions): Promise<ConversationResult> {
  const label = options.label ?? 'load';
  const id = uniqueId(label);
  const nonce = `${id}-nonce`;
  const messageId = `${id}-msg`;
  const expectedText = expectedPacedText(options.words);
  const sent = userText(options.words, options.paceMs, nonce);
  const startedAt = performance.now();
  const result: ConversationResult = {
    id,
    nonce,
    expectedText,
    receivedText: '',
    storedText: null,
    ok: false,
    status: 0,
    streamMs: 0,
    totalMs: 0,
  };
  const problems: string[] = [];
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let streamedMessageId: string | undefined;
  try {
    const response = await fetch(`${options.baseURL}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: options.cookie },
      body: JSON.stringify({ id, message: { id: messageId, role: 'user', parts: [{ type: 'text', text: sent }] } }),
      signal,
    });
    result.status = response.status;
    if (response.status !== 200 || !response.body) {
      const body = await response.text().catch(() => '');
      problems.push(`POST /api/chat: HTTP ${response.status} ${body.slice(0, 200)}`);
    } else {
      if (!String(response.headers.get('content-type')).includes('text/event-stream')) {
        problems.push(`content-type ${response.headers.get('content-type')}`);
      }
      const stream = await readUIMessageStream(response.body, startedAt);
      result.streamMs = performance.now() - startedAt;
      result.receivedText = stream.text;
      if (stream.firstDeltaMs !== undefined) result.firstDeltaMs = stream.firstDeltaMs;
      streamedMessageId = stream.messageId;
      problems.push(...stream.problems);
      if (stream.text !== expectedText) problems.push(`streamed text differs from the sent text: ${firstDifference(expectedText, stream.text)}`);
    }
  } catch (error) {
    result.streamMs = performance.now() - startedAt;
    problems.push(`stream: ${timeout.aborted ? 'timed out' : describe(error)}`);
  }

  if (result.status === 200) {
    try {
      const stored = await checkStored(options, id, messageId, sent, expectedText, streamedMessageId);
      result.storedText = stored.storedText;
      problems.push(...stored.problems);
    } catch (error) {
      problems.push(`stored: ${describe(error)}`);
    }
  }
  result.totalMs = performance.now() - startedAt;
  result.ok = problems.length === 0;
  if (problems.length > 0) result.error = problems.join('; ');
  return result;
}

/** The fake Anthropic server's request log. */
export async function fakeRequestLog(fakeAnthropicURL: string, signal?: AbortSignal): Promise<RequestLogEntry[]> {
  const response = await fetch(`${fakeAnthropicURL}/_log`, { signal });
  if (!response.ok) throw new Error(`GET ${fakeAnthropicURL}/_log: HTTP ${response.status}`);
  return ((await response.json()) as { requests: RequestLogEntry[] }).requests;
}

/**
 * Checks in the fake's `/_log` that each conversation's nonce produced exactly one streaming
 * upstream request, and that it completed with HTTP 200. (Title requests carry the nonce too,
 * inside their prompt, but are not streamed.) Marks the failing results; waits up to
 * `timeoutMs` for requests still marked streaming to settle.
 */
export async function verifyUpstreamRequests(
  fakeAnthropicURL: string,
  results: ConversationResult[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = performance.now() + (options.timeoutMs ?? 5_000);
  const wanted = new Set(results.map((result) => result.nonce));
  let byNonce = new Map<string, RequestLogEntry[]>();
  for (;;) {
    byNonce = new Map();
    for (const entry of await fakeRequestLog(fakeAnthropicURL, options.signal)) {
      if (!entry.stream || entry.nonce === undefined || !wanted.has(entry.nonce)) continue;
      const list = byNonce.get(entry.nonce) ?? [];
      list.push(entry);
      byNonce.set(entry.nonce, list);
    }
    const settled = [...byNonce.values()].every((entries) => entries.every((entry) => entry.outcome !== 'streaming'));
    if (settled || performance.now() > deadline) break;
    await sleep(100, options.signal);
  }
  for (const result of results) {
    const entries = byNonce.get(result.nonce) ?? [];
    result.upstreamRequests = entries.length;
    const problems: string[] = [];
    if (entries.length !== 1) problems.push(`${entries.length} upstream requests for nonce ${result.nonce}, expected 1`);
    for (const entry of entries) {
      if (entry.status !== 200 || entry.outcome !== 'completed') problems.push(`upstream request ${entry.requestId}: HTTP ${entry.status}, ${entry.outcome}`);
    }
    if (problems.length > 0) {
      result.ok = false;
      result.error = [result.error, ...problems].filter(Boolean).join('; ');
    }
  }
}

/** Nearest-rank percentile of `values` (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export function stats(values: readonly number[]): Stats {
  return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : 0 };
}

export function report(results: ConversationResult[], wallMs: number): RunReport {
  const failures = results.filter((result) => !result.ok);
  return {
    results,
    count: results.length,
    okCount: results.length - failures.length,
    failures,
    wallMs,
    streamMs: stats(results.map((result) => result.streamMs)),
    firstDeltaMs: stats(results.flatMap((result) => (result.firstDeltaMs === undefined ? [] : [result.firstDeltaMs]))),
  };
}

/**
 * Runs `count` conversations at once (each a new conversation of the same owner), checks each
 * stream and stored answer, then checks the fake's log for exactly one upstream request each.
 */
export async function runConcurrentConversations(options: ConcurrentOptions): Promise<RunReport> {
  const { count, fakeAnthropicURL, ...conversation } = options;
  const startedAt = performance.now();
  const results = await Promise.all(Array.from({ length: count }, () => runConversation(conversation)));
  await verifyUpstreamRequests(fakeAnthropicURL, results, { signal: options.signal });
  return report(results, performance.now() - startedAt);
}

/** Gets an identity cookie from Rill's proxy (only a page load makes one). */
export async function fetchOwnerCookie(baseURL: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(`${baseURL}/`, { signal });
  await response.body?.cancel();
  const cookies = response.headers.getSetCookie().map((header) => header.split(';')[0] ?? '');
  const owner = cookies.find((cookie) => cookie.startsWith('rill_owner='));
  if (!owner) throw new Error(`the proxy did not set the identity cookie (HTTP ${response.status} from /)`);
  return owner;
}

/** A few lines describing the failures, for logs and assertion messages. */
export function describeFailures(failures: readonly ConversationResult[], limit = 10): string {
  const lines = failures.slice(0, limit).map((result) => `  ${result.id}: ${result.error ?? 'failed'}`);
  if (failures.length > limit) lines.push(`  … and ${failures.length - limit} more`);
  return lines.join('\n');
}
