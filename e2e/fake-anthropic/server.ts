// A fake Anthropic Messages API server for e2e tests, benchmarks and local development.
// Plain Node (type stripping): erasable TypeScript only, node: built-ins only.
//
// POST /v1/messages picks a scenario from directives in the last user message that has text
// (tool follow-ups end with a user message holding only tool_result blocks; it is skipped):
//   [[scenario:NAME]] (default `text`; see SCENARIO_NAMES in ./scenarios.ts), [[pace:MS]],
//   [[input-pace:MS]], [[words:N]], [[delay:MS]], [[nonce:STRING]], [[retry-after:S]], [[fixture:FILE]],
//   [[marker:WORD]] (paced and markdown answers start and end with WORD), [[trace:1]] (log every text delta's time).
// A request ending with an assistant turn that holds text is a prefill: `paced` writes only what
// follows it, and one ending in whitespace is refused, as the real API does.
// POST /v1/messages/count_tokens answers `{ input_tokens }`, a deterministic count of the request
// (its messages, system prompt and tools at four characters a token), logged apart from the messages.
// GET /v1/models, GET|DELETE /_log (request log), GET /_health.

import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { encodeSseEvent, errorBody, estimateTokens } from '../../lib/anthropic/wire.ts';
import type { WireUsage } from '../../lib/anthropic/wire.ts';
import {
  accumulateMessage,
  applyUsage,
  buildPlan,
  parseDirectives,
  parseSseEvent,
  readConversation,
  splitSseEvents,
  summarizeBlocks,
  withCacheBreakdown,
} from './scenarios.ts';
import type { BlockSummary, ErrorPlan, FixturePlan, StreamPlan, ToolResultSummary } from './scenarios.ts';

export type RequestOutcome = 'streaming' | 'completed' | 'client-disconnected' | 'dropped' | 'error-response';

export type RequestLogEntry = {
  requestId: string;
  /** Scenario name from the directives ('text' when there is none; '' when the body could not be read). */
  scenario: string;
  model: string;
  stream: boolean;
  /** Text of the last user message that has text (string content or text blocks). */
  userText: string;
  /** Every content block of that message, in order (attached images and documents included). */
  userBlocks: BlockSummary[];
  nonce?: string;
  /** 1 + the number of assistant messages after that message: how many model calls into this answer this request is. */
  step: number;
  /** The tool_result blocks of the final user message (content flattened to text). */
  toolResults: ToolResultSummary[];
  /** Names of the tools in the request's `tools` param. */
  tools: string[];
  /** The request's `thinking` param as sent (absent when it was not sent). */
  thinking?: unknown;
  /** The request's `system` param as sent (absent when it was not sent). */
  system?: unknown;
  /** The request's `max_tokens` (0 when missing or not a number). */
  maxTokens: number;
  /** The request's top-level `cache_control` as sent (absent when it was not sent). */
  cacheControl?: unknown;
  /** The request's `output_config` as sent (absent when it was not sent). */
  outputConfig?: unknown;
  /** Role of the request's last message. */
  lastMessageRole: 'user' | 'assistant';
  /** For each assistant message in the request, the types of its content blocks. */
  assistantBlockTypes: string[][];
  /** The text of the request's last message when that is the assistant's (a prefill). */
  prefill?: string;
  /** The answer the request continues: its prefill, or the answer before Rill's instruction to go on. */
  continues?: string;
  /** Epoch milliseconds with sub-millisecond precision (performance.timeOrigin + performance.now()). */
  receivedAt: number;
  /** Taken immediately before the first text_delta event is written. */
  firstTextDeltaAt?: number;
  /** With [[trace:1]]: taken immediately before each text_delta event is written, in order. */
  textDeltaAts?: number[];
  lastEventAt?: number;
  endedAt?: number;
  /** 'streaming' while the request is in progress (streaming or not). */
  outcome: RequestOutcome;
  status: number;
  clientDisconnectedAt?: number;
  usage?: WireUsage;
  headers: {
    authorization?: '<redacted>';
    'x-api-key'?: '<redacted>';
    'anthropic-version'?: string;
    'anthropic-beta'?: string;
    'x-stainless-retry-count'?: string;
  };
};

/** One POST /v1/messages/count_tokens. */
export type TokenCountLogEntry = {
  requestId: string;
  model: string;
  /** Text of the last user message that has text, and its nonce directive. */
  userText: string;
  nonce?: string;
  messageCount: number;
  tools: string[];
  cacheControl?: unknown;
  outputConfig?: unknown;
  thinking?: unknown;
  /** What it answered; absent when it refused the request. */
  inputTokens?: number;
  status: number;
  receivedAt: number;
};

/** The count: every character of the messages, system prompt and tools as sent, four to a token. */
export function countInputTokens(body: Record<string, unknown>): number {
  return estimateTokens(JSON.stringify([body.system ?? '', body.tools ?? [], body.messages]));
}

export type FakeAnthropicOptions = { port?: number; host?: string; fixturesDir?: string };

export type FakeAnthropic = {
  url: string;
  port: number;
  close(): Promise<void>;
  requests(): RequestLogEntry[];
  tokenCounts(): TokenCountLogEntry[];
};

export const MODELS = [
  { type: 'model', id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5', created_at: '2026-09-24T00:00:00Z' },
  { type: 'model', id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5', created_at: '2026-09-17T00:00:00Z' },
  { type: 'model', id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5', created_at: '2026-09-10T00:00:00Z' },
] as const;

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/anthropic/sse/', import.meta.url));

/** Epoch milliseconds with sub-millisecond precision. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += BASE62[byte % BASE62.length];
  return id;
}

/** One write to the socket: the bytes, the wait before them, and the parsed event (for bookkeeping). */
type Frame = { delayMs: number; bytes: string | Uint8Array; payload: unknown };

/** Per-request state: whether the response is closed, and the pending waits to cancel when it is. */
type Active = {
  closed: boolean;
  cancels: Set<() => void>;
  entry: RequestLogEntry;
  res: ServerResponse;
  /** Settles when the last write has been handed to the kernel (or failed). */
  lastWrite: Promise<void>;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTextDelta(payload: unknown): boolean {
  return (
    isRecord(payload) &&
    payload.type === 'content_block_delta' &&
    isRecord(payload.delta) &&
    payload.delta.type === 'text_delta'
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function logHeaders(req: IncomingMessage): RequestLogEntry['headers'] {
  const headers: RequestLogEntry['headers'] = {};
  if (header(req, 'authorization') !== undefined) headers.authorization = '<redacted>';
  if (header(req, 'x-api-key') !== undefined) headers['x-api-key'] = '<redacted>';
  const version = header(req, 'anthropic-version');
  if (version !== undefined) headers['anthropic-version'] = version;
  const beta = header(req, 'anthropic-beta');
  if (beta !== undefined) headers['anthropic-beta'] = beta;
  const retry = header(req, 'x-stainless-retry-count');
  if (retry !== undefined) headers['x-stainless-retry-count'] = retry;
  return headers;
}

function hasAuth(req: IncomingMessage): boolean {
  return Boolean(header(req, 'authorization') || header(req, 'x-api-key'));
}

function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    ...extraHeaders,
  });
  res.end(json);
}

function sendErrorResponse(res: ServerResponse, plan: ErrorPlan): void {
  const extra: Record<string, string> = {};
  if (plan.retryAfter !== undefined) extra['retry-after'] = String(plan.retryAfter);
  sendJson(res, plan.status, errorBody(plan.errorType, plan.message), extra);
}

/** The cache lifetime a request's `cache_control` asks for: '1h', or the default five minutes. */
function cacheTtlOf(cacheControl: unknown): '1h' | undefined {
  return isRecord(cacheControl) && cacheControl.ttl === '1h' ? '1h' : undefined;
}

function invalidRequest(message: string): ErrorPlan {
  return { kind: 'error', status: 400, errorType: 'invalid_request_error', message };
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const host = options.host ?? '127.0.0.1';
  const fixturesDir = options.fixturesDir ?? DEFAULT_FIXTURES_DIR;
  const log: RequestLogEntry[] = [];
  const tokenCountLog: TokenCountLogEntry[] = [];
  const nonces = new Set<string>();
  const active = new Set<Active>();
  let shuttingDown = false;

  // ---- helpers bound to one request ------------------------------------------------------

  /** Marks a request's response as gone: no more writes, pending waits cancelled, outcome recorded. */
  function gone(state: Active, cause: 'client' | 'shutdown'): void {
    if (state.closed) return;
    state.closed = true;
    active.delete(state);
    for (const cancel of state.cancels) cancel();
    state.cancels.clear();
    const { entry, res } = state;
    const t = now();
    if (!res.writableFinished && entry.outcome === 'streaming') {
      if (cause === 'shutdown') {
        entry.outcome = 'dropped';
      } else {
        entry.outcome = 'client-disconnected';
        entry.clientDisconnectedAt = t;
      }
    }
    entry.endedAt ??= t;
  }

  function track(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): Active {
    const state: Active = { closed: false, cancels: new Set(), entry, res, lastWrite: Promise.resolve() };
    active.add(state);
    const onGone = () => gone(state, shuttingDown ? 'shutdown' : 'client');
    res.on('close', onGone);
    req.on('aborted', onGone);
    res.on('error', () => {});
    req.on('error', () => {});
    return state;
  }

  /** Resolves true after `ms`, or false as soon as the response closes. */
  function wait(state: Active, ms: number): Promise<boolean> {
    if (state.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        state.cancels.delete(cancel);
        resolve(!state.closed);
      }, ms);
      state.cancels.add(cancel);
    });
  }

  function drained(state: Active): Promise<boolean> {
    if (state.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        state.res.off('drain', done);
        state.cancels.delete(cancel);
        resolve(!state.closed);
      };
      const cancel = () => {
        state.res.off('drain', done);
        resolve(false);
      };
      state.res.on('drain', done);
      state.cancels.add(cancel);
    });
  }

  function respondError(state: Active, plan: ErrorPlan): void {
    if (state.closed) return;
    state.entry.status = plan.status;
    state.entry.outcome = 'error-response';
    state.entry.endedAt = now();
    sendErrorResponse(state.res, plan);
  }

  async function writeFrames(state: Active, frames: Iterable<Frame>, trackUsage: boolean): Promise<boolean> {
    const { entry, res } = state;
    for (const frame of frames) {
      if (frame.delayMs > 0 && !(await wait(state, frame.delayMs))) return false;
      if (state.closed) return false;
      if (isTextDelta(frame.payload)) {
        const t = now();
        entry.firstTextDeltaAt ??= t;
        entry.textDeltaAts?.push(t);
      }
      let ok = true;
      state.lastWrite = new Promise((resolve) => {
        ok = res.write(frame.bytes, () => resolve());
      });
      entry.lastEventAt = now();
      if (trackUsage) entry.usage = applyUsage(entry.usage, frame.payload);
      if (!ok && !(await drained(state))) return false;
    }
    return !state.closed;
  }

  function startSse(state: Active): void {
    state.entry.status = 200;
    state.res.socket?.setNoDelay(true);
    state.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    state.res.flushHeaders();
  }

  function finish(state: Active, outcome: 'completed' | 'error-response'): void {
    if (state.closed) return;
    state.entry.outcome = outcome;
    state.entry.endedAt = now();
    state.res.end();
  }

  /** Cuts the connection abruptly, once the bytes already written have reached the kernel. */
  async function drop(state: Active): Promise<void> {
    await Promise.race([state.lastWrite, wait(state, 2000)]);
    if (state.closed) return;
    state.entry.outcome = 'dropped';
    state.entry.endedAt = now();
    const socket = state.res.socket;
    if (socket) socket.destroy();
    else state.res.destroy();
  }

  // ---- scenarios -------------------------------------------------------------------------

  function* planFrames(plan: StreamPlan): Generator<Frame> {
    for (const step of plan.steps) {
      yield { delayMs: step.delayMs, bytes: encodeSseEvent(step.event), payload: step.event };
    }
  }

  async function runStreamPlan(state: Active, plan: StreamPlan, stream: boolean): Promise<void> {
    state.entry.usage = withCacheBreakdown(plan.usage, cacheTtlOf(state.entry.cacheControl));
    if (!stream) {
      if (plan.endless) {
        respondError(state, invalidRequest('fake-anthropic: scenario "endless" requires "stream": true'));
        return;
      }
      if (plan.nonStreamDelayMs && !(await wait(state, plan.nonStreamDelayMs))) return;
      if (plan.ending === 'drop') return drop(state);
      if (plan.nonStreamError) return respondError(state, plan.nonStreamError);
      const message = accumulateMessage(Array.from(plan.steps, (step) => step.event));
      state.entry.status = 200;
      state.entry.outcome = 'completed';
      state.entry.endedAt = now();
      sendJson(state.res, 200, message);
      return;
    }
    startSse(state);
    if (!(await writeFrames(state, planFrames(plan), false))) return;
    if (plan.ending === 'drop') await drop(state);
    else finish(state, plan.ending === 'error' ? 'error-response' : 'completed');
  }

  async function runFixture(state: Active, plan: FixturePlan, stream: boolean): Promise<void> {
    let body: Uint8Array;
    try {
      body = await readFile(join(fixturesDir, plan.file));
    } catch {
      respondError(state, invalidRequest(`fake-anthropic: fixture "${plan.file}" not found in ${fixturesDir}`));
      return;
    }
    if (state.closed) return;
    const decoder = new TextDecoder();
    const chunks = splitSseEvents(body);
    const payloads = chunks.map((chunk) => parseSseEvent(decoder.decode(chunk)).data);
    if (!stream) {
      const message = accumulateMessage(payloads);
      if (!message) {
        respondError(state, invalidRequest(`fake-anthropic: fixture "${plan.file}" has no message_start`));
        return;
      }
      for (const payload of payloads) state.entry.usage = applyUsage(state.entry.usage, payload);
      state.entry.status = 200;
      state.entry.outcome = 'completed';
      state.entry.endedAt = now();
      sendJson(state.res, 200, message);
      return;
    }
    startSse(state);
    const frames = chunks.map((bytes, i): Frame => ({ delayMs: i === 0 ? 0 : plan.pace, bytes, payload: payloads[i] }));
    if (await writeFrames(state, frames, true)) finish(state, 'completed');
  }

  // ---- endpoints -------------------------------------------------------------------------

  async function handleMessages(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const entry: RequestLogEntry = {
      requestId,
      scenario: '',
      model: '',
      stream: false,
      userText: '',
      userBlocks: [],
      step: 1,
      toolResults: [],
      tools: [],
      maxTokens: 0,
      lastMessageRole: 'user',
      assistantBlockTypes: [],
      receivedAt: now(),
      outcome: 'streaming',
      status: 0,
      headers: logHeaders(req),
    };
    log.push(entry);
    const state = track(req, res, entry);

    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // The client went away while sending the body; `track` recorded it.
    }
    if (state.closed) return;
    const raw = Buffer.concat(chunks).toString('utf8');

    let body: unknown;
    let bodyError: string | undefined;
    try {
      body = JSON.parse(raw);
      if (!isRecord(body)) bodyError = 'Request body must be a JSON object';
    } catch (error) {
      bodyError = `There was an issue with your request body: invalid JSON (${(error as Error).message})`;
    }
    const conversation = readConversation(isRecord(body) ? body.messages : undefined);
    if (isRecord(body)) {
      entry.model = typeof body.model === 'string' ? body.model : '';
      entry.stream = body.stream === true;
      entry.userText = conversation.userText;
      entry.userBlocks = summarizeBlocks(conversation.messages[conversation.textIndex]);
      entry.step = conversation.step;
      entry.toolResults = conversation.toolResults;
      entry.tools = Array.isArray(body.tools)
        ? body.tools.flatMap((tool: unknown) => (isRecord(tool) && typeof tool.name === 'string' ? [tool.name] : []))
        : [];
      if (body.thinking !== undefined) entry.thinking = body.thinking;
      if (body.system !== undefined) entry.system = body.system;
      entry.maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : 0;
      if (body.cache_control !== undefined) entry.cacheControl = body.cache_control;
      if (body.output_config !== undefined) entry.outputConfig = body.output_config;
      entry.lastMessageRole = conversation.lastMessageRole;
      entry.assistantBlockTypes = conversation.assistantBlockTypes;
      if (conversation.prefill !== undefined) entry.prefill = conversation.prefill;
      if (conversation.continues !== undefined) entry.continues = conversation.continues;
    }
    const parsed = parseDirectives(entry.userText);
    if ('directives' in parsed) {
      entry.scenario = parsed.directives.scenario ?? 'text';
      if (parsed.directives.nonce !== undefined) entry.nonce = parsed.directives.nonce;
      if (parsed.directives.trace) entry.textDeltaAts = [];
    }

    if (!hasAuth(req)) {
      respondError(state, { kind: 'error', status: 401, errorType: 'authentication_error', message: 'x-api-key header is required' });
      return;
    }
    if (bodyError !== undefined || !isRecord(body)) {
      respondError(state, invalidRequest(bodyError ?? 'Request body must be a JSON object'));
      return;
    }
    if (typeof body.model !== 'string' || !body.model) return respondError(state, invalidRequest('model: Field required'));
    if (!Array.isArray(body.messages)) return respondError(state, invalidRequest('messages: Field required'));
    if (typeof body.max_tokens !== 'number') return respondError(state, invalidRequest('max_tokens: Field required'));
    if ('error' in parsed) return respondError(state, invalidRequest(`fake-anthropic: ${parsed.error}`));

    const directives = parsed.directives;
    const plan = buildPlan(
      {
        directives,
        model: body.model,
        messageId: randomId('msg_'),
        newId: (prefix) => randomId(prefix),
        conversation,
        tools: entry.tools,
        ...(cacheTtlOf(body.cache_control) ? { cacheTtl: '1h' as const } : {}),
      },
      () => {
        const key = directives.nonce ?? entry.userText;
        const seen = nonces.has(key);
        nonces.add(key);
        return seen;
      },
    );
    if (plan.kind === 'error') return respondError(state, plan);
    if (plan.kind === 'fixture') return runFixture(state, plan, entry.stream);
    return runStreamPlan(state, plan, entry.stream);
  }

  async function handleCountTokens(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry: TokenCountLogEntry = { requestId, model: '', userText: '', messageCount: 0, tools: [], status: 0, receivedAt: now() };
    tokenCountLog.push(entry);
    const refuse = (plan: ErrorPlan) => {
      entry.status = plan.status;
      sendErrorResponse(res, plan);
    };
    if (!hasAuth(req)) return refuse({ kind: 'error', status: 401, errorType: 'authentication_error', message: 'x-api-key header is required' });
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return refuse(invalidRequest('There was an issue with your request body: invalid JSON'));
    }
    if (!isRecord(body)) return refuse(invalidRequest('Request body must be a JSON object'));
    const conversation = readConversation(body.messages);
    entry.model = typeof body.model === 'string' ? body.model : '';
    entry.userText = conversation.userText;
    const parsed = parseDirectives(conversation.userText);
    if ('directives' in parsed && parsed.directives.nonce !== undefined) entry.nonce = parsed.directives.nonce;
    entry.messageCount = Array.isArray(body.messages) ? body.messages.length : 0;
    entry.tools = Array.isArray(body.tools) ? body.tools.flatMap((tool: unknown) => (isRecord(tool) && typeof tool.name === 'string' ? [tool.name] : [])) : [];
    if (body.cache_control !== undefined) entry.cacheControl = body.cache_control;
    if (body.output_config !== undefined) entry.outputConfig = body.output_config;
    if (body.thinking !== undefined) entry.thinking = body.thinking;
    if (!entry.model) return refuse(invalidRequest('model: Field required'));
    if (!Array.isArray(body.messages) || body.messages.length === 0) return refuse(invalidRequest('messages: at least one message is required'));
    if ('max_tokens' in body) return refuse(invalidRequest('max_tokens: Extra inputs are not permitted'));
    entry.inputTokens = countInputTokens(body);
    entry.status = 200;
    sendJson(res, 200, { input_tokens: entry.inputTokens });
  }

  function handleModels(req: IncomingMessage, res: ServerResponse, id: string | undefined): void {
    if (!hasAuth(req)) {
      sendErrorResponse(res, { kind: 'error', status: 401, errorType: 'authentication_error', message: 'x-api-key header is required' });
      return;
    }
    if (id === undefined) {
      sendJson(res, 200, {
        data: MODELS,
        has_more: false,
        first_id: MODELS[0].id,
        last_id: MODELS[MODELS.length - 1]?.id ?? null,
      });
      return;
    }
    const model = MODELS.find((m) => m.id === id);
    if (model) sendJson(res, 200, model);
    else sendErrorResponse(res, { kind: 'error', status: 404, errorType: 'not_found_error', message: `model: ${id}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomId('req_');
    res.setHeader('request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://fake-anthropic.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname;

    if (path === '/v1/messages' && method === 'POST') return handleMessages(req, res, requestId);
    if (path === '/v1/messages/count_tokens' && method === 'POST') return handleCountTokens(req, res, requestId);
    if (path === '/v1/models' && method === 'GET') return handleModels(req, res, undefined);
    if (path.startsWith('/v1/models/') && method === 'GET') {
      return handleModels(req, res, decodeURIComponent(path.slice('/v1/models/'.length)));
    }
    if (path === '/_health' && method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/_log' && method === 'GET') return sendJson(res, 200, { requests: log, tokenCounts: tokenCountLog });
    if (path === '/_log' && method === 'DELETE') {
      log.length = 0;
      tokenCountLog.length = 0;
      res.writeHead(204);
      res.end();
      return;
    }
    req.resume();
    sendErrorResponse(res, { kind: 'error', status: 404, errorType: 'not_found_error', message: `Not found: ${method} ${path}` });
  }

  // ---- server ----------------------------------------------------------------------------

  const server: Server = createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendErrorResponse(res, { kind: 'error', status: 500, errorType: 'api_error', message: `fake-anthropic: ${String(error)}` });
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests: () => structuredClone(log),
    tokenCounts: () => structuredClone(tokenCountLog),
    close: async () => {
      shuttingDown = true;
      for (const state of [...active]) gone(state, 'shutdown');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
