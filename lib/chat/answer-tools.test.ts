import { describe, expect, it, vi } from 'vitest';
import type { AnswerMcpTools, McpToolPresentation } from '../mcp/types';
import type { ToolRegistry } from '../tools/runner';
import { combineAnswerTools, DESTRUCTIVE_REASON } from './answer-tools';

const builtIn: ToolRegistry = {
  tools: [],
  definitions: [{ name: 'calculate', description: 'Maths', input_schema: { type: 'object' } }],
  run: vi.fn(async () => ({ ok: true as const, output: 'built-in', durationMs: 1 })),
};

const presentations: Record<string, McpToolPresentation> = {
  notes__add_note: { serverKey: 'op:notes', serverTitle: 'Team notes', toolName: 'add_note', needsApproval: true, destructive: false },
  notes__lookup_note: { serverKey: 'op:notes', serverTitle: 'Team notes', toolName: 'lookup_note', needsApproval: false, destructive: false },
  notes__delete_note: { serverKey: 'op:notes', serverTitle: 'Team notes', toolName: 'delete_note', needsApproval: true, destructive: true },
};
const mcp: AnswerMcpTools = {
  definitions: Object.keys(presentations).map((name) => ({ name, description: name, input_schema: { type: 'object' } })),
  describe: (name) => presentations[name],
  run: vi.fn(async () => ({ ok: true as const, output: 'mcp', durationMs: 1 })),
};

describe('combineAnswerTools', () => {
  const openApproval = vi.fn(async () => ({ approvalId: 'approval-1', decision: async () => 'allowed' as const }));
  const tools = combineAnswerTools(builtIn, mcp, openApproval);

  it("offers Rill's own tools, then the MCP servers', and runs each where it lives", async () => {
    expect(tools.definitions.map((d) => d.name)).toEqual(['calculate', 'notes__add_note', 'notes__lookup_note', 'notes__delete_note']);
    const signal = new AbortController().signal;
    expect(await tools.run('calculate', {}, signal)).toMatchObject({ output: 'built-in' });
    expect(await tools.run('notes__lookup_note', { id: 1 }, signal)).toMatchObject({ output: 'mcp' });
    expect(mcp.run).toHaveBeenCalledWith('notes__lookup_note', { id: 1 }, signal);
  });

  it('asks first only for an MCP tool that is not read-only, naming its server and own name', async () => {
    expect(await tools.askApproval({ id: 'toolu_1', name: 'calculate', input: {} })).toBeUndefined();
    expect(await tools.askApproval({ id: 'toolu_2', name: 'notes__lookup_note', input: {} })).toBeUndefined();
    const asked = await tools.askApproval({ id: 'toolu_3', name: 'notes__add_note', input: {} });
    expect(asked).toMatchObject({ approvalId: 'approval-1' });
    expect(asked?.reason).toBeUndefined();
    expect(openApproval).toHaveBeenCalledExactlyOnceWith({ toolCallId: 'toolu_3', serverKey: 'op:notes', toolName: 'add_note' });
    // A tool its server marks destructive says so with the question.
    expect(await tools.askApproval({ id: 'toolu_4', name: 'notes__delete_note', input: {} })).toMatchObject({ reason: DESTRUCTIVE_REASON });
  });

  it("titles an MCP tool's card with its server, and Rill's own not at all", () => {
    expect(tools.toolTitle('notes__add_note')).toBe('Team notes');
    expect(tools.toolTitle('calculate')).toBeUndefined();
  });
});
