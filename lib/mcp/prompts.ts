// The prompts MCP servers offer, for the composer's `/` menu: listed from every server the
// person may use, and fetched, with the person's arguments, as the text that goes into the
// composer. A server that cannot be reached offers none; fetching from it fails with a message
// that names it.
import 'server-only';
import { ErrorCode, McpError, type GetPromptResult, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { env } from '../env';
import { MAX_MESSAGE_CHARS } from '../limits';
import { formatDuration } from '../usage/format';
import { failureReason, isUnreadable, McpConnectError, sentence } from './connection';
import { dropServer, openServer, type OpenServer } from './pool';
import { serverDefinitions } from './servers';
import type { McpPrompt, McpServerDefinition, ServerKey } from './types';

/** More pages than any real server needs: one that pages forever stops here. */
const MAX_PROMPT_PAGES = 20;

/** What the composer sends to fetch one prompt: the server, the prompt, and the person's arguments. */
export const promptRequestSchema = z.strictObject({
  serverKey: z.custom<ServerKey>((value) => typeof value === 'string' && /^(op|user):[^\s]{1,200}$/.test(value), 'a connector key'),
  name: z.string().min(1).max(500),
  arguments: z.record(z.string().min(1).max(200), z.string().max(10_000)).refine((args) => Object.keys(args).length <= 50, 'at most 50 arguments').default({}),
});

export type PromptText = { ok: true; text: string } | { ok: false; reason: 'not_found' | 'failed'; error: string };

function withinConnectTimeout(): AbortSignal {
  return AbortSignal.timeout(env.RILL_MCP_CONNECT_TIMEOUT_MS);
}

const offersPrompts = (server: OpenServer) => server.client.getServerCapabilities()?.prompts !== undefined;

/** Every page of one server's prompts (the SDK validates each against the MCP schema). */
async function serverPrompts(server: OpenServer, signal: AbortSignal): Promise<Prompt[]> {
  const prompts: Prompt[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PROMPT_PAGES; page++) {
    const result = await server.client.listPrompts(cursor === undefined ? undefined : { cursor }, { signal, timeout: env.RILL_MCP_CONNECT_TIMEOUT_MS });
    prompts.push(...result.prompts);
    cursor = result.nextCursor;
    if (cursor === undefined) break;
  }
  return prompts;
}

/** A JSON-RPC error answer leaves the connection usable; anything else (a cut connection, garbage, a timeout) does not. */
function connectionBroken(error: unknown): boolean {
  return !(error instanceof McpError) || error.code === ErrorCode.ConnectionClosed || error.code === ErrorCode.RequestTimeout;
}

async function promptsOf(ownerId: string, def: McpServerDefinition): Promise<McpPrompt[]> {
  const signal = withinConnectTimeout();
  let server: OpenServer;
  try {
    server = await openServer(ownerId, def, signal);
  } catch {
    return [];
  }
  if (!offersPrompts(server)) return [];
  try {
    const prompts = await serverPrompts(server, signal);
    return prompts.map((prompt) => ({
      serverKey: def.key,
      serverTitle: def.title,
      serverPrefix: def.toolPrefix,
      name: prompt.name,
      ...(prompt.title ? { title: prompt.title } : {}),
      ...(prompt.description ? { description: prompt.description } : {}),
      arguments: (prompt.arguments ?? []).map((argument) => ({
        name: argument.name,
        ...(argument.description ? { description: argument.description } : {}),
        required: argument.required === true,
      })),
    }));
  } catch (error) {
    if (connectionBroken(error)) dropServer(ownerId, def, server.client);
    return [];
  }
}

/**
 * The prompts of every server the person may use (the operator's and, from `userDefinitions`,
 * their own), asked in parallel, each within the connect timeout. A server that cannot be
 * reached, or does not offer prompts, is left out.
 */
export async function listPrompts(ownerId: string, userDefinitions: readonly McpServerDefinition[]): Promise<McpPrompt[]> {
  const perServer = await Promise.all(serverDefinitions(userDefinitions).map((def) => promptsOf(ownerId, def)));
  return perServer.flat();
}

/** What one block of a prompt's message contributes to the composer's text. */
function blockText(block: GetPromptResult['messages'][number]['content']): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'resource':
      return 'text' in block.resource ? block.resource.text : `[The file ${block.resource.uri} is not included: it is not text.]`;
    case 'resource_link':
      return `[${block.name}: ${block.uri}]`;
    case 'image':
      return '[An image from the prompt is not included.]';
    case 'audio':
      return '[An audio clip from the prompt is not included.]';
  }
}

/** The prompt's messages as one text: each block's text, separated by blank lines. */
function promptText(result: GetPromptResult): string {
  return result.messages
    .map((message) => blockText(message.content).trim())
    .filter((text) => text !== '')
    .join('\n\n');
}

function getFailure(def: McpServerDefinition, error: unknown, timedOut: boolean): string {
  if (timedOut || (error instanceof McpError && error.code === ErrorCode.RequestTimeout)) {
    return `${def.title} did not answer within ${formatDuration(env.RILL_MCP_TOOL_TIMEOUT_MS)}.`;
  }
  if (isUnreadable(error)) return `${def.title} sent a prompt Rill cannot read.`;
  if (error instanceof McpError && error.code !== ErrorCode.ConnectionClosed) return sentence(`${def.title} answered with an error: ${failureReason(error)}`);
  return sentence(`${def.title} is unreachable: ${failureReason(error)}`);
}

/**
 * Fetches the prompt `name` from the server `serverKey` with `args`, as the text the composer
 * gets. Never throws: an unknown server or a server without prompts is `not_found`; a server
 * that fails, times out or answers with something that is not a prompt is `failed`, with a
 * message that names it.
 */
export async function getPrompt(
  ownerId: string,
  userDefinitions: readonly McpServerDefinition[],
  serverKey: ServerKey,
  name: string,
  args: Record<string, string>,
): Promise<PromptText> {
  const def = serverDefinitions(userDefinitions).find((candidate) => candidate.key === serverKey);
  if (!def) return { ok: false, reason: 'not_found', error: 'That connector is not available to you.' };

  let server: OpenServer;
  try {
    server = await openServer(ownerId, def, withinConnectTimeout());
  } catch (error) {
    const status = error instanceof McpConnectError ? error.status : undefined;
    if (status?.state === 'needs_authorization') return { ok: false, reason: 'failed', error: `${def.title} needs to be authorized again, in Settings.` };
    return { ok: false, reason: 'failed', error: status?.error ?? `${def.title} did not answer within ${formatDuration(env.RILL_MCP_CONNECT_TIMEOUT_MS)}.` };
  }
  if (!offersPrompts(server)) return { ok: false, reason: 'not_found', error: `${def.title} offers no prompts.` };

  const timeout = AbortSignal.timeout(env.RILL_MCP_TOOL_TIMEOUT_MS);
  let result: GetPromptResult;
  try {
    // Validated against GetPromptResultSchema by the SDK.
    result = await server.client.getPrompt({ name, arguments: args }, { signal: timeout, timeout: env.RILL_MCP_TOOL_TIMEOUT_MS });
  } catch (error) {
    if (connectionBroken(error)) dropServer(ownerId, def, server.client);
    return { ok: false, reason: 'failed', error: getFailure(def, error, timeout.aborted) };
  }
  const text = promptText(result);
  if (text === '') return { ok: false, reason: 'failed', error: `${def.title}'s prompt ${name} has no text.` };
  if (text.length > MAX_MESSAGE_CHARS) {
    return { ok: false, reason: 'failed', error: `${def.title}'s prompt ${name} is longer than a message may be (${MAX_MESSAGE_CHARS.toLocaleString('en')} characters).` };
  }
  return { ok: true, text };
}
