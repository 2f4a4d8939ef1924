import type { AnswerMcpTools, ServerKey } from '../mcp/types';
import type { ToolDefinition, ToolRegistry } from '../tools/runner';
import type { ToolRunResult } from '../tools/types';
import type { AgentLoopOptions, ToolApproval } from './agent-loop';

/** Opens the person's approval of one MCP call (lib/mcp's openApproval, bound to the conversation). */
type OpenApproval = (call: { toolCallId: string; serverKey: ServerKey; toolName: string }) => Promise<ToolApproval | undefined>;

export const DESTRUCTIVE_REASON = 'Its server says it may delete or change data for good.';

/** The tools one answer offers Claude: Rill's own, then the MCP servers' the person has on in this chat. */
export type AnswerTools = {
  definitions: ToolDefinition[];
  run(name: string, input: unknown, signal: AbortSignal): Promise<ToolRunResult>;
  askApproval: NonNullable<AgentLoopOptions['askApproval']>;
  toolTitle(name: string): string | undefined;
};

export function combineAnswerTools(builtIn: ToolRegistry, mcp: AnswerMcpTools, openApproval: OpenApproval): AnswerTools {
  return {
    definitions: [...builtIn.definitions, ...mcp.definitions],
    run: (name, input, signal) => (mcp.describe(name) ? mcp.run(name, input, signal) : builtIn.run(name, input, signal)),
    // Only a server's tool that is not read-only asks first; Rill's own tools are read-only.
    askApproval: async (call) => {
      const tool = mcp.describe(call.name);
      if (!tool?.needsApproval) return undefined;
      const approval = await openApproval({ toolCallId: call.id, serverKey: tool.serverKey, toolName: tool.toolName });
      // The server's own word (destructiveHint, true unless it says otherwise) that the tool may delete or overwrite.
      return approval && tool.destructive ? { ...approval, reason: DESTRUCTIVE_REASON } : approval;
    },
    toolTitle: (name) => mcp.describe(name)?.serverTitle,
  };
}
