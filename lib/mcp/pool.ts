// Connected MCP clients, kept per instance so that each answer does not pay for a handshake:
// the operator's servers share one client, a person's servers have one per person. A client
// idle for a while is closed; one whose transport closed or failed is dropped and the next use
// reconnects. A failed connect is remembered for a few seconds, so that a dead server does not
// slow down every turn.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { env } from '../env';
import { connectServer, listAllTools, McpConnectError } from './connection';
import type { McpServerDefinition, McpToolSummary, ServerStatus } from './types';

const IDLE_MS = 5 * 60_000;
const TOOLS_FRESH_MS = 60_000;
const FAILURE_MEMORY_MS = 5_000;

/** One connected server and what it offers. */
export type OpenServer = { def: McpServerDefinition; client: Client; tools: Tool[] };

type Entry = {
  /** Changes with the definition (a new URL or token): the old client is not reused then. */
  fingerprint: string;
  client: Client;
  tools: Tool[];
  listedAt: number;
  toolsChanged: boolean;
  idleTimer?: NodeJS.Timeout;
};

type FailedConnect = { fingerprint: string; status: McpConnectError['status']; until: number };

const entries = new Map<string, Entry>();
const connecting = new Map<string, { fingerprint: string; attempt: Promise<Entry> }>();
const failures = new Map<string, FailedConnect>();

/** Operator servers are the same for everyone; a person's server is theirs alone. */
function poolKey(ownerId: string, def: Pick<McpServerDefinition, 'key' | 'origin'>): string {
  return def.origin === 'operator' ? def.key : `${ownerId}|${def.key}`;
}

function fingerprintOf(def: McpServerDefinition): string {
  return createHash('sha256')
    .update(JSON.stringify([def.spec, def.bearerToken ?? null, def.guarded, def.authProvider !== undefined]))
    .digest('base64url');
}

export function toolSummary(tool: Tool): McpToolSummary {
  const readOnly = tool.annotations?.readOnlyHint === true;
  return {
    name: tool.name,
    title: tool.title ?? tool.annotations?.title,
    description: tool.description,
    readOnly,
    // The spec's default for a tool that does not say is that it may destroy; a read-only one cannot.
    destructive: !readOnly && tool.annotations?.destructiveHint !== false,
  };
}

async function reportStatus(def: McpServerDefinition, status: ServerStatus): Promise<void> {
  try {
    await def.onStatus?.(status);
  } catch (error) {
    console.error(`Could not record the state of MCP server ${def.key}:`, error instanceof Error ? error.message : error);
  }
}

function touch(key: string, entry: Entry): void {
  clearTimeout(entry.idleTimer);
  entry.idleTimer = setTimeout(() => closeEntry(key, entry), IDLE_MS);
  entry.idleTimer.unref();
}

function closeEntry(key: string, entry: Entry): void {
  clearTimeout(entry.idleTimer);
  if (entries.get(key) === entry) entries.delete(key);
  void entry.client.close().catch(() => {});
}

/** Connects without any one answer's signal: answers that start together share the attempt, and one's Stop must not fail the others. */
async function connect(key: string, def: McpServerDefinition, fingerprint: string): Promise<Entry> {
  let entry: Entry | undefined;
  let connected;
  try {
    connected = await connectServer(def, new AbortController().signal, {
      onToolsChanged: () => {
        if (entry) entry.toolsChanged = true;
      },
    });
  } catch (error) {
    const status = error instanceof McpConnectError ? error.status : { state: 'error' as const, error: `${def.title} could not be reached.` };
    failures.set(key, { fingerprint, status, until: Date.now() + FAILURE_MEMORY_MS });
    await reportStatus(def, status);
    throw new McpConnectError(status);
  }
  const created: Entry = { fingerprint, client: connected.client, tools: connected.tools, listedAt: Date.now(), toolsChanged: false };
  entry = created;
  failures.delete(key);
  entries.set(key, created);
  created.client.onclose = () => {
    if (entries.get(key) === created) closeEntry(key, created);
  };
  touch(key, created);
  await reportStatus(def, { state: 'connected', tools: created.tools.map(toolSummary) });
  return created;
}

async function connectOnce(key: string, def: McpServerDefinition, fingerprint: string): Promise<Entry> {
  const pending = connecting.get(key);
  if (pending?.fingerprint === fingerprint) return pending.attempt;
  const attempt = connect(key, def, fingerprint).finally(() => {
    if (connecting.get(key)?.attempt === attempt) connecting.delete(key);
  });
  connecting.set(key, { fingerprint, attempt });
  return attempt;
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function freshTools(key: string, def: McpServerDefinition, entry: Entry): Promise<Entry> {
  if (!entry.toolsChanged && Date.now() - entry.listedAt <= TOOLS_FRESH_MS) return entry;
  try {
    entry.tools = await listAllTools(entry.client, AbortSignal.timeout(env.RILL_MCP_CONNECT_TIMEOUT_MS));
    entry.listedAt = Date.now();
    entry.toolsChanged = false;
    return entry;
  } catch {
    // The connection went bad since it was last used: start again.
    closeEntry(key, entry);
    return connectOnce(key, def, entry.fingerprint);
  }
}

export type OpenOptions = {
  /**
   * For a server whose last attempt failed: `wait` for a new attempt (settings, a tool call), or
   * start it in the `background` and fail at once (an answer's tool list: a server that is down
   * must not hold up the first words of every answer; it rejoins once it answers again).
   */
  retry?: 'wait' | 'background';
};

/**
 * A connected client for `def` and its tools, reusing this instance's connection when there is
 * one. Throws McpConnectError (with the status settings show) when the server cannot be used,
 * or the signal's reason when it aborts first.
 */
export async function openServer(ownerId: string, def: McpServerDefinition, signal: AbortSignal, { retry = 'wait' }: OpenOptions = {}): Promise<OpenServer> {
  const key = poolKey(ownerId, def);
  const fingerprint = fingerprintOf(def);
  const existing = entries.get(key);
  if (existing && existing.fingerprint !== fingerprint) closeEntry(key, existing);
  if (existing && existing.fingerprint === fingerprint) {
    touch(key, existing);
    const entry = await untilAborted(freshTools(key, def, existing), signal);
    return { def, client: entry.client, tools: entry.tools };
  }

  const failed = failures.get(key);
  if (failed && failed.fingerprint === fingerprint) {
    if (failed.until > Date.now()) throw new McpConnectError(failed.status);
    if (retry === 'background') {
      void connectOnce(key, def, fingerprint).catch(() => {});
      throw new McpConnectError(failed.status);
    }
  }

  const entry = await untilAborted(connectOnce(key, def, fingerprint), signal);
  return { def, client: entry.client, tools: entry.tools };
}

/** Closes the pooled connection to a server (when `client` is given, only if it is still that one): the next use connects again. */
export function dropServer(ownerId: string, def: Pick<McpServerDefinition, 'key' | 'origin'>, client?: Client): void {
  const key = poolKey(ownerId, def);
  const entry = entries.get(key);
  if (entry && (client === undefined || entry.client === client)) closeEntry(key, entry);
  failures.delete(key);
}
