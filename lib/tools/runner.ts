// The part of the registry that does not depend on which tools exist: JSON Schema generation
// for Anthropic's `tools` parameter, and `run`, which validates, times out, stops and never throws.

import { z } from 'zod';
import { formatDuration } from '../usage/format';
import type { RillTool, ToolRunResult } from './types';

/** One entry of Anthropic's `tools` request parameter. */
export type ToolDefinition = {
  name: string;
  description: string;
  input_schema: { type: 'object'; [k: string]: unknown };
};

export type ToolRegistry = {
  tools: readonly RillTool[];
  /** What goes to Anthropic's `tools` parameter, generated from each tool's zod schema. */
  definitions: ToolDefinition[];
  /** Runs one tool call. Never throws: every failure is `{ ok: false, error }` Claude can read. */
  run(name: string, input: unknown, signal: AbortSignal): Promise<ToolRunResult>;
};

/** The JSON Schema of a tool's input, as Anthropic accepts it (an object schema, no `$schema`). */
export function toInputSchema(tool: RillTool): ToolDefinition['input_schema'] {
  // `io: 'input'` so that fields with a default (like get_weather's `unit`) are optional for Claude.
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.inputSchema, { io: 'input' }) as Record<string, unknown>;
  if (schema.type !== 'object') {
    throw new Error(`Tool "${tool.name}": inputSchema must be a zod object schema (got JSON Schema type ${String(schema.type)}).`);
  }
  return { ...schema, type: 'object' };
}

export function toToolDefinition(tool: RillTool): ToolDefinition {
  return { name: tool.name, description: tool.description, input_schema: toInputSchema(tool) };
}

/** `expression: expected string, received number; unit: ...` from zod issues. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const message = issue.message.replace(/^Invalid input: /, '');
      return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${message}` : message;
    })
    .join('; ');
}

function errorMessage(error: unknown, toolName: string): string {
  if (error instanceof Error && error.message.trim() !== '') return error.message;
  if (typeof error === 'string' && error.trim() !== '') return error;
  return `${toolName} failed without saying why.`;
}

type Settled = { kind: 'value'; value: unknown } | { kind: 'error'; error: unknown } | { kind: 'aborted' };

/** Settles with the tool's outcome, or with 'aborted' as soon as `signal` aborts (even if the tool ignores it). */
function raceWithAbort(start: () => Promise<unknown>, signal: AbortSignal): Promise<Settled> {
  return new Promise<Settled>((resolve) => {
    if (signal.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }
    const onAbort = () => resolve({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    new Promise<unknown>((inner) => inner(start()))
      .then(
        (value): Settled => ({ kind: 'value', value }),
        (error: unknown): Settled => ({ kind: 'error', error }),
      )
      .then((settled) => {
        signal.removeEventListener('abort', onAbort);
        resolve(settled);
      });
  });
}

/** Builds a registry from any set of tools (the app's set is `createToolRegistry` in ./index). */
export function buildToolRegistry(tools: readonly RillTool[]): ToolRegistry {
  const byName = new Map<string, RillTool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Two tools are named "${tool.name}".`);
    byName.set(tool.name, tool);
  }
  const available = tools.map((tool) => tool.name).join(', ');
  const definitions = tools.map(toToolDefinition);

  async function run(name: string, input: unknown, signal: AbortSignal): Promise<ToolRunResult> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    const fail = (error: string): ToolRunResult => ({ ok: false, error, durationMs: durationMs() });

    try {
      const tool = byName.get(name);
      if (!tool) return fail(`Unknown tool "${name}". Available tools: ${available}.`);
      const stopped = `Stopped before ${name} finished.`;
      if (signal.aborted) return fail(stopped);

      const parsed = tool.inputSchema.safeParse(input);
      if (!parsed.success) return fail(`Invalid input for ${name}: ${formatZodIssues(parsed.error.issues)}`);

      const timeout = AbortSignal.timeout(tool.timeoutMs);
      const toolSignal = AbortSignal.any([signal, timeout]);
      const settled = await raceWithAbort(() => tool.execute(parsed.data, { signal: toolSignal }), toolSignal);

      // An abort wins over whatever the tool did because of it (e.g. fetch's AbortError).
      if (signal.aborted) return fail(stopped);
      if (settled.kind === 'aborted' || (settled.kind === 'error' && timeout.aborted)) {
        return fail(`${name} timed out after ${formatDuration(tool.timeoutMs)}.`);
      }
      if (settled.kind === 'error') return fail(errorMessage(settled.error, name));

      let output: unknown;
      try {
        const json = JSON.stringify(settled.value);
        output = json === undefined ? null : (JSON.parse(json) as unknown);
      } catch (error) {
        return fail(`${name} returned a result that is not JSON: ${errorMessage(error, name)}`);
      }
      return { ok: true, output, durationMs: durationMs() };
    } catch (error) {
      // Only a bug gets here (e.g. a schema that throws); still a result, never a throw.
      return fail(`${name} failed: ${errorMessage(error, name)}`);
    }
  }

  return { tools, definitions, run };
}
