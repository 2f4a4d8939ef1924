import type { z } from 'zod';

export type ToolContext = {
  /** Aborted when the user presses Stop or the tool's timeout passes. */
  signal: AbortSignal;
};

/**
 * A tool Claude can call. The JSON Schema sent to Claude is generated from `inputSchema`,
 * and every input is validated against it before `execute` runs. Outputs are JSON values.
 */
export type RillTool<Schema extends z.ZodType = z.ZodType, Output = unknown> = {
  name: string;
  description: string;
  inputSchema: Schema;
  /** The longest one call may run before it fails with a timeout Claude can see. */
  timeoutMs: number;
  execute(input: z.infer<Schema>, context: ToolContext): Promise<Output>;
};

export function defineTool<Schema extends z.ZodType, Output>(tool: RillTool<Schema, Output>): RillTool<Schema, Output> {
  return tool;
}

/** The outcome of one tool call. It never throws: failures are results Claude can read. */
export type ToolRunResult =
  | { ok: true; output: unknown; durationMs: number }
  | { ok: false; error: string; durationMs: number };
