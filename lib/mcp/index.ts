// The one entry point of lib/mcp: Rill as an MCP client. Server-only: it holds connections and credentials.
import 'server-only';

export { guardedFetch } from './connection';
export { dropServer } from './pool';
export { listServerStates, operatorServerDefinitions } from './servers';
export { answerMcpTools } from './tool-set';
export type { AnswerMcpTools, McpServerDefinition, McpToolPresentation, McpToolSummary, ServerKey, ServerState, ServerStatus } from './types';
export { APPROVAL_DECISIONS, decideApproval, openApproval, type ApprovalDecision, type ApprovalGate, type ApprovalOutcome, type DecideResult } from './approvals';
