// The one entry point of lib/mcp: Rill as an MCP client. Server-only: it holds connections and credentials.
//
//   mcpToolsForAnswer      one answer's tools from every server the person may use (lib/chat)
//   openApproval / decideApproval   asking before a tool that is not read-only runs
//   connectorSettings      the servers' live state, for settings and a chat's Connectors dialog
//   mcpPromptsFor / mcpPromptFor   the servers' prompts, for the composer's `/` menu
//   addUserServer, removeUserServer, startAuthorization, finishAuthorization   a person's own servers
import 'server-only';
import { isDemoMode } from '../anthropic/client';
import { env } from '../env';
import { getPrompt, listPrompts } from './prompts';
import { answerMcpTools } from './tool-set';
import type { AnswerMcpTools, ServerKey } from './types';
import { moveGrants } from './grants';
import { moveUserServers, userServerDefinitions } from './user-servers';

export { APPROVAL_DECISIONS, decideApproval, openApproval, type ApprovalDecision, type ApprovalGate, type ApprovalOutcome, type DecideResult } from './approvals';
export { revokeGrant, type ToolGrant } from './grants';
export { finishAuthorization, startAuthorization } from './oauth';
export { connectorSettings, storedConnectorSettings, userServerListing, type ConnectorSettings, type ServerListing } from './settings';
export { addUserServer, removeUserServer, userServerInputSchema } from './user-servers';
export { promptRequestSchema, type PromptText } from './prompts';
export type { AnswerMcpTools, McpPrompt, McpServerDefinition, McpToolPresentation, McpToolSummary, ServerKey, ServerState, ServerStatus } from './types';

/** The MCP tools of one answer: the operator's servers and the person's own, less those the chat switched off. */
export async function mcpToolsForAnswer(ownerId: string, connectorsOff: readonly string[], signal: AbortSignal): Promise<AnswerMcpTools> {
  if (!connectorsOffered()) return NO_TOOLS;
  return answerMcpTools(ownerId, connectorsOff, await userServerDefinitions(ownerId), signal);
}

const NO_TOOLS: AnswerMcpTools = { definitions: [], describe: () => undefined, run: async () => ({ ok: false, error: 'No connector offers this tool.', durationMs: 0 }) };

/** On sign-in, a guest's own servers and "Always allow" choices go to the account. */
export async function moveGuestConnectors(guestId: string, accountId: string): Promise<void> {
  await moveUserServers(guestId, accountId);
  await moveGrants(guestId, accountId);
}

/** The prompts of the servers the person may use, for the composer's `/` menu. */
export async function mcpPromptsFor(ownerId: string) {
  return listPrompts(ownerId, await userServerDefinitions(ownerId));
}

/** One prompt's text, from a server the person may use. */
export async function mcpPromptFor(ownerId: string, serverKey: ServerKey, name: string, args: Record<string, string>) {
  return getPrompt(ownerId, await userServerDefinitions(ownerId), serverKey, name, args);
}

/** Whether this Rill offers connectors: the operator's servers, or people's own. The offline demo model calls none of them. */
export function connectorsOffered(): boolean {
  return !isDemoMode && (Object.keys(env.mcpServers).length > 0 || env.RILL_MCP_USER_SERVERS);
}
