import type { z } from 'zod';

export type ToolContext = {
  /** Aborted when the user presses Stop or the tool's timeout passes. */
  signal: AbortSignal;
};

/**
 * A tool Claude can call. The JSON Schema sent to Claude is generated from `inputSchema`,
 * and every input is validated against it before `execute` runs. Outputs are JSON values.
 */
export type RillTool<Name extends string = string, Schema extends z.ZodType = z.ZodType, Output = unknown> = {
  name: Name;
  description: string;
  inputSchema: Schema;
  /** The longest one call may run before it fails with a timeout Claude can see. */
  timeoutMs: number;
  execute(input: z.infer<Schema>, context: ToolContext): Promise<Output>;
};

/** Keeps the tool's name and output types, so that the chat's tool parts can be typed by them (`UIToolsOf`). */
export function defineTool<Name extends string, Schema extends z.ZodType, Output>(
  tool: RillTool<Name, Schema, Output>,
): RillTool<Name, Schema, Output> {
  return tool;
}

/**
 * The AI SDK's `UITools` for a set of tools: each tool's output, keyed by its name, as the SDK's
 * `InferUITools` derives them from its own tool objects. The input stays `unknown`: a part keeps
 * what Claude sent, which is only sure to fit the schema once the call has succeeded (a call cut
 * off midway keeps its raw text, an invalid one its invalid input).
 */
export type UIToolsOf<Tool extends RillTool> = {
  [T in Tool as T['name']]: { input: unknown; output: Awaited<ReturnType<T['execute']>> };
};

/** The outcome of one tool call. It never throws: failures are results Claude can read. */
export type ToolRunResult =
  | { ok: true; output: unknown; durationMs: number }
  | { ok: false; error: string; durationMs: number };
