// The shapes lib/mcp's parts share: server definitions, their state, and what one answer's
// MCP tools look like to the agent loop.
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { ToolDefinition } from '../tools/runner';
import type { ToolRunResult } from '../tools/types';

/** `op:<name>` for the operator's servers, `user:<id>` for a person's own. Stable: toggles, grants and approvals name servers by it. */
export type ServerKey = `op:${string}` | `user:${string}`;

export type RemoteServerSpec = {
  kind: 'remote';
  url: string;
  /** Undefined: Streamable HTTP first, then the legacy SSE transport. */
  transport?: 'streamable-http' | 'sse';
  headers?: Record<string, string>;
};

export type StdioServerSpec = { kind: 'stdio'; command: string; args: string[]; env?: Record<string, string>; cwd?: string };

/** One server as lib/mcp connects to it. */
export type McpServerDefinition = {
  key: ServerKey;
  /** What people see. */
  title: string;
  origin: 'operator' | 'user';
  spec: RemoteServerSpec | StdioServerSpec;
  /** Prefix of its tools' names for Claude (`<prefix>__<tool>`): letters, digits and dashes. */
  toolPrefix: string;
  /** A person's server: every request (OAuth discovery and token calls too) goes through the private-address guard. */
  guarded: boolean;
  /** Sent as `Authorization: Bearer …` when set. */
  bearerToken?: string;
  /** A person's server that may run the MCP authorization flow: its tokens, kept per person, encrypted. */
  authProvider?: OAuthClientProvider;
  /** Told what each connection attempt found (a person's server keeps its last state). */
  onStatus?: (status: ServerStatus) => Promise<void>;
};

/** What Rill knows of one MCP tool, from the server's `tools/list`. */
export type McpToolSummary = {
  name: string;
  title?: string;
  description?: string;
  /** `annotations.readOnlyHint`: runs without asking. */
  readOnly: boolean;
  /** `annotations.destructiveHint` (true when not said, as the spec defaults it), shown on the approval. */
  destructive: boolean;
};

export type ServerStatus =
  | { state: 'connected'; tools: McpToolSummary[] }
  | { state: 'needs_authorization' }
  | { state: 'error'; error: string };

/** A server as settings and the chat's connector menu show it. */
export type ServerState = {
  key: ServerKey;
  title: string;
  origin: 'operator' | 'user';
  /** Remote servers' URL; stdio servers show none. */
  url?: string;
  transport: 'remote' | 'stdio';
} & ServerStatus;

/** One prompt an MCP server offers (`prompts/list`), as the composer's `/` menu shows it. */
export type McpPrompt = {
  serverKey: ServerKey;
  serverTitle: string;
  /** The server's short name in the menu (`/<serverPrefix>:<name>`): its tool prefix. */
  serverPrefix: string;
  name: string;
  title?: string;
  description?: string;
  arguments: Array<{ name: string; description?: string; required: boolean }>;
};

/** How a tool Claude may call is shown in its card. */
export type McpToolPresentation = { serverKey: ServerKey; serverTitle: string; toolName: string; needsApproval: boolean; destructive: boolean };

/** One answer's MCP tools: every enabled server's tools, namespaced, as Claude gets them. */
export type AnswerMcpTools = {
  definitions: ToolDefinition[];
  /** The tool behind a name Claude used; undefined for a name that is not an MCP tool. */
  describe(name: string): McpToolPresentation | undefined;
  /** Runs one call. Never throws: timeouts, crashes and garbage are `{ ok: false, error }`. */
  run(name: string, input: unknown, signal: AbortSignal): Promise<ToolRunResult>;
};
