// The one entry point of lib/mcp: Rill as an MCP client. Server-only: it holds connections and credentials.
import 'server-only';

export { guardedFetch } from './connection';
export { dropServer } from './pool';
export { listServerStates, operatorServerDefinitions } from './servers';
export { answerMcpTools } from './tool-set';
export type { AnswerMcpTools, McpServerDefinition, McpToolPresentation, McpToolSummary, ServerKey, ServerState, ServerStatus } from './types';
export { APPROVAL_DECISIONS, decideApproval, openApproval, type ApprovalDecision, type ApprovalGate, type ApprovalOutcome, type DecideResult } from './approvals';
export type { McpPrompt } from './types';
export type { PromptText } from './prompts';

import { getPrompt, listPrompts, promptRequestSchema } from './prompts';
import type { ServerKey } from './types';
export { getPrompt, listPrompts, promptRequestSchema };

/** The prompts of the servers the caller may use, for the composer's `/` menu. Their own servers join once lib/mcp/user-servers is wired in here. */
export function mcpPromptsFor(ownerId: string) {
  return listPrompts(ownerId, []);
}

/** One prompt's text, from a server the caller may use. Their own servers join once lib/mcp/user-servers is wired in here. */
export function mcpPromptFor(ownerId: string, serverKey: ServerKey, name: string, args: Record<string, string>) {
  return getPrompt(ownerId, [], serverKey, name, args);
}
