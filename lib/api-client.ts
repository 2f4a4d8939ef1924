import type { AdminUser } from './admin/users';
import type { AttachmentInfo } from './attachments';
import type { DeviceSession } from './auth/sessions';
import type { ConversationSummary, ConversationWithMessages } from './db/queries';
import type { ApprovalDecision } from './mcp';
import type { ConnectorSettings, McpPrompt, ServerKey, ServerListing, ServerState } from './mcp';
import type { ShareLink } from './shares';
import { parseErrorBody, type ErrorBody } from './errors';

/**
 * The browser's one way to call Rill's own API (the chat stream itself goes through useChat's
 * transport). Every call resolves, never throws unless its signal aborts it: with the answer's
 * data, or with Rill's error as the server worded it, or, when the server could not be
 * reached, with a message that says so (status 0).
 */
export type ApiError = ErrorBody['error'] & { status: number };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as is (a file's bytes). */
  body?: BodyInit;
  signal?: AbortSignal;
  /** Outlives the page: for a request sent as the page goes away. */
  keepalive?: boolean;
};

export const UNREACHABLE_MESSAGE = "Can't reach the Rill server. Check your connection and try again.";

async function callApi<T>(path: string, request: ApiRequest = {}): Promise<ApiResult<T>> {
  const { method = 'GET', json, body, signal, keepalive } = request;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      cache: 'no-store',
      ...(json === undefined ? { body } : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
      ...(signal ? { signal } : {}),
      ...(keepalive ? { keepalive } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return { ok: false, error: { type: 'unreachable', message: UNREACHABLE_MESSAGE, status: 0 } };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const error = parseErrorBody(text) ?? { type: 'http_error', message: `The Rill server answered HTTP ${response.status}. Try again.` };
    return { ok: false, error: { ...error, status: response.status } };
  }
  try {
    return { ok: true, data: (text ? JSON.parse(text) : undefined) as T };
  } catch {
    return { ok: false, error: { type: 'invalid_json', message: 'The Rill server sent an answer that could not be read. Try again.', status: response.status } };
  }
}

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const api = {
  listConversations: (query: { q?: string; cursor?: string }, signal: AbortSignal) =>
    callApi<{ conversations: ConversationSummary[]; nextCursor: string | null }>(`/api/conversations?${new URLSearchParams(query)}`, { signal }),
  getConversation: (id: string) => callApi<ConversationWithMessages>(conversationPath(id)),
  renameConversation: (id: string, title: string) => callApi<{ id: string; title: string }>(conversationPath(id), { method: 'PATCH', json: { title } }),
  /** A saved chat's own system prompt; empty removes it. */
  setChatPrompt: (id: string, system: string) => callApi<{ id: string; system: string }>(conversationPath(id), { method: 'PATCH', json: { system } }),
  getInstructions: () => callApi<{ instructions: string }>('/api/instructions'),
  saveInstructions: (instructions: string) => callApi<{ instructions: string }>('/api/instructions', { method: 'PUT', json: { instructions } }),
  /** The operator's MCP servers and the caller's own, each with its state. */
  listConnectors: () => callApi<ConnectorSettings<ServerState>>('/api/mcp/servers'),
  addConnector: (input: { name: string; url: string; bearerToken?: string }) => callApi<{ server: ServerListing }>('/api/mcp/servers', { method: 'POST', json: input }),
  /** "Ask first" again for a tool that was always allowed. */
  askFirstAgain: (serverKey: string, toolName: string) => callApi<void>(`/api/mcp/grants?${new URLSearchParams({ server: serverKey, tool: toolName })}`, { method: 'DELETE' }),
  removeConnector: (id: string) => callApi<void>(`/api/mcp/servers/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  /** Where to send the browser to authorize the connector at its server. */
  authorizeConnector: (id: string) => callApi<{ authorizationUrl: string }>(`/api/mcp/servers/${encodeURIComponent(id)}/authorize`, { method: 'POST' }),
  /** keepalive: a deletion confirmed as the page closes still happens. */
  deleteConversation: (id: string) => callApi<void>(conversationPath(id), { method: 'DELETE', keepalive: true }),
  /** Shows another version of a message: answers with the conversation's new current branch. */
  chooseVersion: (id: string, messageId: string) => callApi<ConversationWithMessages>(`${conversationPath(id)}/branch`, { method: 'POST', json: { messageId } }),
  /** A summary answers with the new conversation's id; a trim with the same one. */
  compactConversation: (id: string, mode: 'summary' | 'trim') => callApi<{ id: string }>(`${conversationPath(id)}/compact`, { method: 'POST', json: { mode } }),
  forkConversation: (id: string) => callApi<{ id: string }>(`${conversationPath(id)}/fork`, { method: 'POST' }),
  getShareLink: (id: string) => callApi<{ link: ShareLink | null }>(`${conversationPath(id)}/share`),
  /** A new link, or a new snapshot of the conversation behind the link it has. */
  shareConversation: (id: string) => callApi<{ link: ShareLink }>(`${conversationPath(id)}/share`, { method: 'POST' }),
  revokeShareLink: (id: string) => callApi<void>(`${conversationPath(id)}/share`, { method: 'DELETE' }),
  /** Answers with the id of the caller's new chat. */
  continueSharedConversation: (shareId: string) => callApi<{ id: string }>(`/api/shares/${encodeURIComponent(shareId)}/continue`, { method: 'POST' }),
  /** Anthropic's count of the context the conversation's next answer would start from, on `model`. */
  countContext: (id: string, model: string, signal: AbortSignal) =>
    callApi<{ inputTokens: number }>(`${conversationPath(id)}/context?${new URLSearchParams({ model })}`, { signal }),
  /** The person's answer to a tool call that waits for it. */
  decideToolApproval: (conversationId: string, approvalId: string, decision: ApprovalDecision) =>
    callApi<{ ok: true }>(`${conversationPath(conversationId)}/approvals/${encodeURIComponent(approvalId)}`, { method: 'POST', json: { decision } }),
  /** The prompts the caller's MCP servers offer, for the composer's `/` menu. */
  listMcpPrompts: () => callApi<{ prompts: McpPrompt[] }>('/api/mcp/prompts'),
  /** One prompt filled in with the person's arguments: the text for the composer. */
  getMcpPrompt: (serverKey: ServerKey, name: string, args: Record<string, string>) =>
    callApi<{ text: string }>('/api/mcp/prompts/get', { method: 'POST', json: { serverKey, name, arguments: args } }),
  /** keepalive: Stop pressed as the tab closes still stops the answer, which costs money. */
  stopAnswer: (conversationId: string) => callApi<{ stopped: boolean }>('/api/chat/stop', { method: 'POST', json: { id: conversationId }, keepalive: true }),
  uploadAttachment: (conversationId: string, file: File) =>
    callApi<AttachmentInfo>(`/api/attachments?${new URLSearchParams({ conversation: conversationId, name: file.name })}`, { method: 'POST', body: file }),
  /** `url` is the attachment's own address, as the upload answered it. */
  discardAttachment: (url: string) => callApi<void>(url, { method: 'DELETE' }),
  signIn: (password: string) => callApi<{ ok: true }>('/api/login', { method: 'POST', json: { password } }),
  signOut: () => callApi<void>('/api/logout', { method: 'POST' }),
  // Accounts (better-auth's endpoints; lib/auth/handler words their errors as Rill's).
  signUpWithEmail: (input: { name: string; email: string; password: string; callbackURL: string }) =>
    callApi<{ token: string | null }>('/api/auth/sign-up/email', { method: 'POST', json: input }),
  signInWithEmail: (input: { email: string; password: string; callbackURL: string }) => callApi<{ redirect: boolean; url?: string }>('/api/auth/sign-in/email', { method: 'POST', json: input }),
  /**
   * Answers with the provider's address to send the browser to. better-auth serves generic OAuth
   * providers through its social sign-in; a refusal comes back to /sign-in with `?error=`.
   */
  signInWithOidc: (callbackURL: string) =>
    callApi<{ url: string; redirect: boolean }>('/api/auth/sign-in/social', {
      method: 'POST',
      json: { provider: 'oidc', callbackURL, errorCallbackURL: `/sign-in?${new URLSearchParams({ next: callbackURL })}` },
    }),
  signOutOfAccount: () => callApi<{ success: boolean }>('/api/auth/sign-out', { method: 'POST', json: {} }),
  // Settings: the account's devices.
  listDeviceSessions: () => callApi<{ sessions: DeviceSession[] }>('/api/account/sessions'),
  revokeDeviceSession: (id: string) => callApi<void>(`/api/account/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  signOutEverywhere: () => callApi<void>('/api/account/sessions', { method: 'DELETE' }),
  // The admin page.
  listUsers: () => callApi<{ users: AdminUser[] }>('/api/admin/users'),
  changeUser: (id: string, change: { disabled?: boolean; dailyBudgetUsd?: number | null }) =>
    callApi<{ user: AdminUser }>(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: change }),
};
