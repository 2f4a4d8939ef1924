// One connection to one MCP server: the SDK's Client over the transport its definition asks for.
// Remote servers speak Streamable HTTP, or the legacy HTTP+SSE transport when Streamable HTTP is
// refused at `initialize`; the operator's stdio servers run as child processes. A person's servers
// (`guarded`) reach the network only through the private-address guard, OAuth requests included.
import 'server-only';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { env } from '../env';
import { safeFetch, SafeFetchError } from '../tools/safe-fetch';
import { formatDuration } from '../usage/format';
import type { McpServerDefinition, RemoteServerSpec, ServerStatus, StdioServerSpec } from './types';

const CLIENT_INFO = { name: 'rill', version: '1.0.0' };
/** More pages than any real server needs: one that pages forever stops here. */
const MAX_TOOL_PAGES = 20;

/** More than any real message of an MCP server: a server that sends more is cut off, so it cannot fill Rill's memory. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * `fetch` for a person's servers: every request, OAuth discovery and token calls too, refuses
 * private addresses the operator did not allow, and no message may be longer than MAX_MESSAGE_BYTES.
 */
export const guardedFetch: FetchLike = async (url, init) => bounded(await safeFetch(url, { ...init, allowPrivateHosts: env.RILL_TOOLS_ALLOW_PRIVATE_HOSTS }));

/**
 * The response, failing once one message in it passes MAX_MESSAGE_BYTES: the whole body, or for an
 * event stream (which may stay open for the connection's life), one event (up to its blank line).
 */
export function bounded(response: Response): Response {
  if (!response.body) return response;
  const eventStream = response.headers.get('content-type')?.includes('text/event-stream') ?? false;
  let size = 0;
  let lineLength = 0;
  const tooLong = () => new SafeFetchError(`The server sent a message of more than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB.`);
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (!eventStream) {
          size += chunk.byteLength;
        } else {
          for (const byte of chunk) {
            if (byte === 0x0a) {
              // A blank line ends an event.
              if (lineLength === 0) size = 0;
              lineLength = 0;
            } else if (byte !== 0x0d) {
              lineLength++;
              size++;
            }
          }
        }
        if (size > MAX_MESSAGE_BYTES) controller.error(tooLong());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** A connection attempt that did not end with a connected client: what settings show for it. */
export class McpConnectError extends Error {
  override name = 'McpConnectError';
  constructor(readonly status: Exclude<ServerStatus, { state: 'connected' }>) {
    super(status.state === 'error' ? status.error : 'The server needs authorization.');
  }
}

export type ConnectOptions = {
  /** Told when the chosen tools list changed on the server. */
  onToolsChanged?: () => void;
};

/** A connected client and the tools its server offers. */
export type ConnectedServer = { client: Client; tools: Tool[] };

/**
 * Connects to `def`, runs `initialize` and lists its tools, all within env.RILL_MCP_CONNECT_TIMEOUT_MS
 * and until `signal` aborts. Throws McpConnectError with the status settings show (needs
 * authorization, or an error that names the server and never carries its credentials).
 */
export async function connectServer(def: McpServerDefinition, signal: AbortSignal, options: ConnectOptions = {}): Promise<ConnectedServer> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(env.RILL_MCP_CONNECT_TIMEOUT_MS)]);
  // The SSE transport's event stream reports a failed fetch only as text: the guard's own refusal is kept to say why.
  let refusal: SafeFetchError | undefined;
  const fetch: FetchLike | undefined = def.guarded
    ? (url, init) =>
        guardedFetch(url, init).catch((error: unknown) => {
          if (error instanceof SafeFetchError) refusal ??= error;
          throw error;
        })
    : undefined;
  let client: Client | undefined;
  try {
    client = await openClient(def, fetch, deadline, options);
    return { client, tools: await listAllTools(client, deadline) };
  } catch (error) {
    await client?.close().catch(() => {});
    throw new McpConnectError(connectFailureStatus(def, refusal ?? error, deadline, signal));
  }
}

/** Lists every page of the server's tools (the SDK validates each page against the MCP schema). */
export async function listAllTools(client: Client, signal: AbortSignal): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page++) {
    const result = await client.listTools(cursor === undefined ? undefined : { cursor }, { signal, timeout: env.RILL_MCP_CONNECT_TIMEOUT_MS });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (cursor === undefined) break;
  }
  return tools;
}

async function openClient(def: McpServerDefinition, fetch: FetchLike | undefined, deadline: AbortSignal, options: ConnectOptions): Promise<Client> {
  if (def.spec.kind === 'stdio') return connectWith(stdioTransport(def.title, def.spec), deadline, options);
  const spec = def.spec;
  if (spec.transport === 'sse') return connectWith(sseTransport(def, spec, fetch), deadline, options);
  try {
    return await connectWith(streamableTransport(def, spec, fetch), deadline, options);
  } catch (error) {
    if (spec.transport === 'streamable-http' || !refusesStreamableHttp(error) || deadline.aborted) throw error;
    return connectWith(sseTransport(def, spec, fetch), deadline, options);
  }
}

/** A server that does not speak Streamable HTTP answers its `initialize` POST like this; an old SSE server may still be there. */
function refusesStreamableHttp(error: unknown): boolean {
  return error instanceof StreamableHTTPError && (error.code === 400 || error.code === 404 || error.code === 405);
}

async function connectWith(transport: Transport, deadline: AbortSignal, options: ConnectOptions): Promise<Client> {
  const client = new Client(CLIENT_INFO, {
    capabilities: {},
    listChanged: options.onToolsChanged
      ? { tools: { autoRefresh: false, onChanged: () => options.onToolsChanged?.() } }
      : undefined,
  });
  // The transports report stream trouble here as well as through the failing request; the request's failure is what counts.
  client.onerror = () => {};
  deadline.throwIfAborted();
  // An SSE stream that never sends its endpoint hangs `connect` outside any request timeout: closing the client ends it.
  const onAbort = () => void client.close().catch(() => {});
  deadline.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect(transport, { signal: deadline, timeout: env.RILL_MCP_CONNECT_TIMEOUT_MS });
    deadline.throwIfAborted();
    return client;
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  } finally {
    deadline.removeEventListener('abort', onAbort);
  }
}

function remoteHeaders(def: McpServerDefinition, spec: RemoteServerSpec): Record<string, string> {
  return { ...spec.headers, ...(def.bearerToken ? { Authorization: `Bearer ${def.bearerToken}` } : {}) };
}

/** `fetch`: the guarded one for a person's server, which the transport also uses for OAuth discovery and tokens. */
function streamableTransport(def: McpServerDefinition, spec: RemoteServerSpec, fetch: FetchLike | undefined): Transport {
  return new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers: remoteHeaders(def, spec) }, authProvider: def.authProvider, fetch });
}

function sseTransport(def: McpServerDefinition, spec: RemoteServerSpec, fetch: FetchLike | undefined): Transport {
  // Without `eventSourceInit.fetch` the transport opens its GET stream with `fetch` too, so the guard covers the stream as well as the POSTs.
  return new SSEClientTransport(new URL(spec.url), { requestInit: { headers: remoteHeaders(def, spec) }, authProvider: def.authProvider, fetch });
}

function stdioTransport(title: string, spec: StdioServerSpec): Transport {
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    // Only the variables the SDK deems safe to inherit, plus the ones the operator gave this server: never Rill's own secrets.
    env: { ...getDefaultEnvironment(), ...spec.env },
    cwd: spec.cwd,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') console.warn(`[mcp ${title}] ${line}`);
  });
  return transport;
}

/** What `fetch`'s network failures mean, by the code of their cause. */
const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'its host name is unknown',
  EAI_AGAIN: 'its host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'its host cannot be reached',
  UND_ERR_SOCKET: 'the connection was cut',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

/** A short reason for a failure, without anything the request carried (its headers hold the credentials). */
export function failureReason(error: unknown): string {
  if (error instanceof SafeFetchError) return error.message;
  if (error instanceof StreamableHTTPError || error instanceof SseError) {
    return error.code !== undefined && error.code > 0 ? `HTTP ${error.code}` : clip(error.message);
  }
  if (error instanceof McpError) return clip(error.message.replace(/^MCP error -?\d+: /, ''));
  if (error instanceof TypeError && error.cause instanceof Error) {
    const code = (error.cause as { code?: unknown }).code;
    const known = typeof code === 'string' ? NETWORK_FAILURES[code] : undefined;
    if (known) return `${known} (${String(code)})`;
    return typeof code === 'string' ? `${error.message} (${code})` : `${error.message}: ${clip(error.cause.message)}`;
  }
  if (error instanceof Error && error.message.trim() !== '') return clip(error.message);
  return 'it failed without saying why';
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine;
}

/** The server answered, but with something that is not MCP: invalid JSON, or JSON the SDK's schemas refuse. */
export function isUnreadable(error: unknown): boolean {
  return error instanceof SyntaxError || error instanceof z.core.$ZodError;
}

/** Ends `text` with a full stop unless it already ends a sentence. */
export function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function httpStatus(error: unknown): number | undefined {
  return error instanceof StreamableHTTPError || error instanceof SseError ? error.code : undefined;
}

function connectFailureStatus(def: McpServerDefinition, error: unknown, deadline: AbortSignal, signal: AbortSignal): McpConnectError['status'] {
  if (error instanceof UnauthorizedError || httpStatus(error) === 401) {
    if (def.authProvider) return { state: 'needs_authorization' };
    if (def.bearerToken) return { state: 'error', error: `${def.title} refused the bearer token (HTTP 401).` };
    if (def.spec.kind === 'remote' && def.spec.headers) return { state: 'error', error: `${def.title} refused the configured headers (HTTP 401).` };
    return { state: 'error', error: `${def.title} asks for credentials Rill was not given (HTTP 401).` };
  }
  if (signal.aborted) return { state: 'error', error: `Stopped connecting to ${def.title}.` };
  const timedOut = deadline.aborted || (error instanceof McpError && error.code === ErrorCode.RequestTimeout);
  if (timedOut) return { state: 'error', error: `${def.title} did not answer within ${formatDuration(env.RILL_MCP_CONNECT_TIMEOUT_MS)}.` };
  if (error instanceof SafeFetchError) return { state: 'error', error: `${def.title}: ${error.message}` };
  if (isUnreadable(error)) return { state: 'error', error: sentence(`${def.title} sent an answer Rill cannot read: ${failureReason(error)}`) };
  return { state: 'error', error: sentence(`${def.title} is unreachable: ${failureReason(error)}`) };
}
