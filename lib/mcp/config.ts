// The operator's MCP servers, as RILL_MCP_SERVERS (JSON) or the file RILL_MCP_CONFIG names
// declares them, in the `mcpServers` shape Claude Desktop and most MCP clients read. Pure: lib/env
// parses it once at startup.
import { z } from 'zod';

/** A server's name is its key: it names its tools for Claude (`<name>__<tool>`) and its toggles. */
export const MCP_SERVER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,30}$/;

const headerValue = z.string().max(8_192);

const remoteServerSchema = z.strictObject({
  /** The server's Streamable HTTP (or legacy SSE) endpoint. */
  url: z.url({ protocol: /^https?$/ }),
  /** `streamable-http` or `sse`; left out, Streamable HTTP is tried first and SSE after it. */
  transport: z.enum(['streamable-http', 'sse']).optional(),
  /** Sent with every request, e.g. `{ "Authorization": "Bearer …" }`. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), headerValue).optional(),
  /** How the server is shown to people; its key otherwise. */
  title: z.string().min(1).max(60).optional(),
});

const stdioServerSchema = z.strictObject({
  /** A program Rill starts and talks to over its stdin and stdout. For the operator only. */
  command: z.string().min(1).max(1_000),
  args: z.array(z.string().max(4_000)).max(100).default([]),
  env: z.record(z.string(), z.string().max(8_192)).optional(),
  cwd: z.string().max(1_000).optional(),
  title: z.string().min(1).max(60).optional(),
});

export const operatorMcpConfigSchema = z.strictObject({
  mcpServers: z.record(z.string(), z.union([remoteServerSchema, stdioServerSchema])).superRefine((servers, context) => {
    // Checked here rather than as the record's key schema, whose refusal would not say why.
    for (const name of Object.keys(servers)) {
      if (!MCP_SERVER_NAME.test(name)) context.addIssue({ code: 'custom', path: [name], message: 'a server name is 1–31 letters, digits and dashes' });
    }
  }),
});

export type OperatorMcpConfig = z.infer<typeof operatorMcpConfigSchema>;
export type OperatorRemoteServer = z.infer<typeof remoteServerSchema>;
export type OperatorStdioServer = z.infer<typeof stdioServerSchema>;

/** Parses the operator's configuration from its JSON text; throws with every problem, never the values. */
export function parseOperatorMcpConfig(json: string, source: string): OperatorMcpConfig {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source} is not valid JSON.`);
  }
  const result = operatorMcpConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${source} is not a valid MCP configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
