import 'server-only';
import { allowedModels, anthropic, defaultModel, isDemoMode } from '../anthropic/client';
import { describeUpstreamError } from '../anthropic/errors';
import { prepareHistoryFiles } from '../attachments';
import { countTokensParams, upstreamParams } from '../chat/upstream-params';
import { getDatabase } from '../db/client';
import { getConversation } from '../db/queries';
import { env } from '../env';
import type { RillError } from '../errors';
import { DEMO_MODEL_ID } from '../models';
import { toAnthropicMessages } from '../protocol/to-anthropic';
import { getToolRegistry } from '../tools/registry';
import { ownerInstructions } from '../instructions';
import { mcpToolsForAnswer } from '../mcp';

export type ContextCount = { ok: true; inputTokens: number } | { ok: false; problem: RillError };

/**
 * How many tokens of context the conversation's next answer starts from, counted by Anthropic
 * (POST /v1/messages/count_tokens) on the request that answer would send: the saved history, the
 * conversation's settings, system prompt and tools, through the one upstream-params builder.
 * Undefined when the conversation is not the owner's.
 */
export async function countContext(ownerId: string, conversationId: string, requestedModel: string | undefined): Promise<ContextCount | undefined> {
  const conversation = await getConversation(await getDatabase(), ownerId, conversationId);
  if (!conversation) return undefined;
  const model = isDemoMode ? DEMO_MODEL_ID : (requestedModel ?? conversation.settings.model ?? defaultModel);
  if (!isDemoMode && !allowedModels.includes(model)) {
    return { ok: false, problem: { type: 'model_not_allowed', message: `This Rill does not offer ${model}. Choose one of: ${allowedModels.join(', ')}.` } };
  }
  // Nothing to count yet: the API refuses a request without messages.
  if (conversation.messages.length === 0) return { ok: true, inputTokens: 0 };
  const files = await prepareHistoryFiles(ownerId, conversationId, conversation.messages);
  if (!files.ok) return { ok: false, problem: files.problem };

  const [instructions, mcpTools] = await Promise.all([
    ownerInstructions(ownerId),
    mcpToolsForAnswer(ownerId, conversation.settings.connectorsOff ?? [], AbortSignal.timeout(env.RILL_MCP_CONNECT_TIMEOUT_MS)),
  ]);
  const params = upstreamParams({
    request: conversation.settings,
    instructions,
    model,
    maxOutputTokens: env.RILL_MAX_OUTPUT_TOKENS,
    clientTools: [...getToolRegistry().definitions, ...mcpTools.definitions],
    webTools: env.RILL_WEB_TOOLS,
  });
  try {
    const messages = toAnthropicMessages(await files.withBytes());
    const counted = await anthropic.messages.countTokens({ ...countTokensParams(params), messages });
    return { ok: true, inputTokens: counted.input_tokens };
  } catch (error) {
    return { ok: false, problem: describeUpstreamError(error, env.ANTHROPIC_API_KEY ? [env.ANTHROPIC_API_KEY] : []) };
  }
}
