// One answer's MCP tools: every enabled server's tools under names Claude accepts, and `run`,
// which calls a tool on its server and turns whatever happens (a result, an error the tool
// reports, a timeout, a crash, garbage) into a result Claude can read. It never throws.
import 'server-only';
import { createHash } from 'node:crypto';
import { CallToolResultSchema, ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { env } from '../env';
import type { ToolDefinition } from '../tools/runner';
import type { ToolRunResult } from '../tools/types';
import { formatDuration } from '../usage/format';
import { failureReason, isUnreadable, McpConnectError, sentence } from './connection';
import { dropServer, openServer, toolSummary, type OpenServer } from './pool';
import { serverDefinitions } from './servers';
import type { AnswerMcpTools, McpServerDefinition, McpToolPresentation } from './types';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** How long an answer waits for servers not connected yet (the chat page connects them when it opens). */
const ANSWER_CONNECT_WAIT_MS = 3_000;
/** A tool whose input schema is larger than this would crowd Claude's context: it is left out. */
const MAX_SCHEMA_CHARS = 100_000;

type McpTool = { def: McpServerDefinition; tool: Tool; presentation: McpToolPresentation };

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/** `<prefix>__<tool>` as Claude accepts it: invalid characters become `_`, and a name too long is cut and made unique with a hash. */
function namespacedToolName(prefix: string, toolName: string): string {
  const plain = `${prefix}__${toolName}`;
  if (TOOL_NAME.test(plain)) return plain;
  const safePrefix = prefix.replace(/[^a-zA-Z0-9-]/g, '_').slice(0, 30);
  const room = 64 - safePrefix.length - 2 - 7;
  return `${safePrefix}__${toolName.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, room)}_${shortHash(toolName)}`;
}

/** Each server's prefix in this answer: a prefix already taken gets `-2`, `-3`, … */
function uniquePrefixes(defs: readonly McpServerDefinition[]): string[] {
  const taken = new Set<string>();
  return defs.map((def) => {
    let prefix = def.toolPrefix;
    for (let n = 2; taken.has(prefix.toLowerCase()); n++) prefix = `${def.toolPrefix}-${n}`;
    taken.add(prefix.toLowerCase());
    return prefix;
  });
}

/** The tool's input schema as Anthropic takes it, or undefined when it cannot be used. */
function inputSchemaFor(tool: Tool): ToolDefinition['input_schema'] | undefined {
  const { $schema: _ignored, ...schema } = tool.inputSchema as Record<string, unknown>;
  let json: string | undefined;
  try {
    json = JSON.stringify(schema);
  } catch {
    return undefined;
  }
  if (json === undefined || json.length > MAX_SCHEMA_CHARS) return undefined;
  const properties = schema.properties;
  if (properties !== undefined && (typeof properties !== 'object' || properties === null || Array.isArray(properties))) return undefined;
  return { ...(JSON.parse(json) as Record<string, unknown>), type: 'object' };
}

const base64Size = (data: string) => Math.floor((data.length * 3) / 4);

function sizeNote(kind: string, bytes: number): string {
  const size = bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${kind} of ${size}, not passed on`;
}

/** Binary content (base64) stays out of Claude's context and the saved message: its type and size say what it was. */
function withoutBinary(block: CallToolResult['content'][number]): unknown {
  if (block.type === 'image' || block.type === 'audio') {
    return { type: block.type, mimeType: block.mimeType, data: sizeNote(block.type, base64Size(block.data)) };
  }
  if (block.type === 'resource' && 'blob' in block.resource) {
    return { ...block, resource: { ...block.resource, blob: sizeNote('data', base64Size(block.resource.blob)) } };
  }
  return block;
}

function errorText(result: CallToolResult, title: string): string {
  const text = result.content
    .flatMap((block) => (block.type === 'text' ? [block.text.trim()] : []))
    .filter((part) => part !== '')
    .join('\n');
  return text === '' ? `${title} reported an error without saying what it was.` : text;
}

/** Why a call failed, for Claude; `drop` when the connection cannot be trusted for the next call. */
function callFailure(def: McpServerDefinition, error: unknown, timedOut: boolean): { error: string; drop: boolean } {
  if (timedOut || (error instanceof McpError && error.code === ErrorCode.RequestTimeout)) {
    return { error: `${def.title} did not answer within ${formatDuration(env.RILL_MCP_TOOL_TIMEOUT_MS)}.`, drop: true };
  }
  if (isUnreadable(error)) return { error: `${def.title} sent a result Rill cannot read.`, drop: true };
  if (error instanceof McpError && error.code !== ErrorCode.ConnectionClosed) {
    // The server answered the call with a JSON-RPC error (unknown tool, invalid arguments, …), or its result broke the tool's own output schema: the connection is fine.
    return { error: sentence(`${def.title} answered with an error: ${failureReason(error)}`), drop: false };
  }
  return { error: sentence(`${def.title} is unreachable: ${failureReason(error)}`), drop: true };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tools of `servers` (already connected), under names unique in this answer. */
function buildAnswerMcpTools(ownerId: string, servers: readonly OpenServer[], connectorsOff: readonly string[]): AnswerMcpTools {
  const off = new Set(connectorsOff);
  const byName = new Map<string, McpTool>();
  const definitions: ToolDefinition[] = [];
  const prefixes = uniquePrefixes(servers.map((server) => server.def));

  servers.forEach(({ def, tools }, index) => {
    const prefix = prefixes[index] ?? def.toolPrefix;
    for (const tool of tools) {
      if (off.has(`${def.key}/${tool.name}`)) continue;
      const inputSchema = inputSchemaFor(tool);
      const name = namespacedToolName(prefix, tool.name);
      if (!inputSchema || byName.has(name)) continue;
      const summary = toolSummary(tool);
      byName.set(name, {
        def,
        tool,
        presentation: { serverKey: def.key, serverTitle: def.title, toolName: tool.name, needsApproval: !summary.readOnly, destructive: summary.destructive },
      });
      definitions.push({ name, description: tool.description ?? tool.title ?? tool.name, input_schema: inputSchema });
    }
  });

  async function run(name: string, input: unknown, signal: AbortSignal): Promise<ToolRunResult> {
    const started = performance.now();
    const fail = (error: string): ToolRunResult => ({ ok: false, error, durationMs: Math.round(performance.now() - started) });
    const entry = byName.get(name);
    if (!entry) return fail(`Unknown tool "${name}".`);
    const { def, tool } = entry;
    const stopped = `Stopped before ${tool.name} on ${def.title} finished.`;
    if (!isJsonObject(input)) return fail(`Invalid input for ${tool.name}: expected an object.`);
    if (signal.aborted) return fail(stopped);

    let server: OpenServer;
    try {
      server = await openServer(ownerId, def, signal);
    } catch (error) {
      if (signal.aborted) return fail(stopped);
      return fail(error instanceof McpConnectError && error.status.state === 'error' ? error.status.error : `${def.title} needs to be authorized again, in Settings.`);
    }

    const timeout = AbortSignal.timeout(env.RILL_MCP_TOOL_TIMEOUT_MS);
    try {
      // The answer's signal goes to the SDK, which sends `notifications/cancelled` when Stop is pressed.
      // Validated against CallToolResultSchema by the SDK; its return type also allows the old `toolResult` shape, which that schema does not.
      const result = (await server.client.callTool({ name: tool.name, arguments: input }, CallToolResultSchema, {
        signal: AbortSignal.any([signal, timeout]),
        timeout: env.RILL_MCP_TOOL_TIMEOUT_MS,
      })) as CallToolResult;
      if (result.isError) return fail(errorText(result, def.title));
      const output = JSON.parse(
        JSON.stringify({ content: result.content.map(withoutBinary), ...(result.structuredContent ? { structuredContent: result.structuredContent } : {}) }),
      ) as unknown;
      return { ok: true, output, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      if (signal.aborted) return fail(stopped);
      const failure = callFailure(def, error, timeout.aborted);
      if (failure.drop) dropServer(ownerId, def, server.client);
      return fail(failure.error);
    }
  }

  return {
    definitions,
    describe: (name) => byName.get(name)?.presentation,
    run,
  };
}

/**
 * The MCP tools of one answer: every server the person may use (the operator's and, from
 * `userDefinitions`, their own) that `connectorsOff` does not switch off, connected in parallel.
 * A server that cannot be used, or is not connected within a few seconds, contributes no tools.
 */
export async function answerMcpTools(
  ownerId: string,
  connectorsOff: readonly string[],
  userDefinitions: readonly McpServerDefinition[],
  signal: AbortSignal = new AbortController().signal,
): Promise<AnswerMcpTools> {
  const enabled = serverDefinitions(userDefinitions).filter((def) => !connectorsOff.includes(def.key));
  // The answer's first words wait for this: a server slower to connect keeps connecting in the background, and its tools join the next answer.
  const wait = AbortSignal.any([signal, AbortSignal.timeout(Math.min(ANSWER_CONNECT_WAIT_MS, env.RILL_MCP_CONNECT_TIMEOUT_MS))]);
  const opened = await Promise.all(enabled.map((def) => openServer(ownerId, def, wait, { retry: 'background' }).catch(() => undefined)));
  return buildAnswerMcpTools(ownerId, opened.filter((server) => server !== undefined), connectorsOff);
}
