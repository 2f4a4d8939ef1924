import type { CacheControlEphemeral, MessageCreateParamsBase, TextBlockParam, ThinkingConfigParam, ToolUnion } from '@anthropic-ai/sdk/resources/messages';
import { thinkingSupport } from '../models';
import type { AnswerSettings } from './request';

export const DEFAULT_MAX_TOKENS = 8_192;
/** Room for the answer itself on top of a thinking budget. */
const ANSWER_TOKENS_AFTER_THINKING = 4_096;

/** Anthropic's server tools behind the per-conversation web search toggle, when the operator allows them. */
export const WEB_TOOLS: ToolUnion[] = [
  { type: 'web_search_20260318', name: 'web_search', max_uses: 5 },
  { type: 'web_fetch_20260318', name: 'web_fetch', max_uses: 5 },
];

export type UpstreamParamsInput = {
  request: AnswerSettings;
  /** The person's custom instructions, as the server read them (lib/instructions). */
  instructions?: string;
  model: string;
  maxOutputTokens: number;
  clientTools: ToolUnion[];
  /** RILL_WEB_TOOLS: without it, no request gets the web tools, whatever it asks. */
  webTools: boolean;
};

/** The parameters shared by every step of one answer; only `messages` changes between steps. */
export function upstreamParams({ request, instructions, model, maxOutputTokens, clientTools, webTools }: UpstreamParamsInput): Omit<MessageCreateParamsBase, 'messages'> {
  const thinking = thinkingParam(model, request.thinking);
  let maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (thinking?.type === 'enabled') maxTokens = Math.max(maxTokens, thinking.budget_tokens + ANSWER_TOKENS_AFTER_THINKING);
  maxTokens = Math.min(maxTokens, maxOutputTokens);
  // The API requires the budget to stay below max_tokens.
  if (thinking?.type === 'enabled' && thinking.budget_tokens >= maxTokens) thinking.budget_tokens = Math.max(1_024, maxTokens - 1);

  const tools = [...clientTools, ...(request.webSearch && webTools ? WEB_TOOLS : [])];
  const cacheControl: CacheControlEphemeral = { type: 'ephemeral' };
  const system = systemBlocks([instructions, request.system], cacheControl);
  return {
    model,
    max_tokens: maxTokens,
    // Caches the conversation prefix (tools, system prompt, earlier turns): long chats cost less.
    cache_control: cacheControl,
    ...(system ? { system } : {}),
    ...(thinking ? { thinking } : {}),
    ...(tools.length ? { tools } : {}),
  };
}

/**
 * The system prompt: the person's instructions, then the chat's own prompt, each in its own
 * block (the chat's, coming last, can refine the person's), blank ones left out. The breakpoint
 * after them keeps tools and system cached on their own, so they are still read from the cache
 * when the turns after them change (an edited message, a regenerated answer). It shares the
 * conversation's cache settings: the API refuses a shorter-lived breakpoint before a longer-lived one.
 */
function systemBlocks(texts: Array<string | undefined>, cacheControl: CacheControlEphemeral): TextBlockParam[] | undefined {
  const present = texts.filter((text): text is string => Boolean(text?.trim()));
  if (present.length === 0) return undefined;
  return present.map((text, index) => ({ type: 'text', text, ...(index === present.length - 1 ? { cache_control: cacheControl } : {}) }));
}

function thinkingParam(model: string, setting: AnswerSettings['thinking']): ThinkingConfigParam | undefined {
  switch (thinkingSupport(model)) {
    case 'always':
      return undefined;
    case 'adaptive':
      return setting?.enabled ? { type: 'adaptive' } : { type: 'disabled' };
    case 'budget':
      return setting?.enabled ? { type: 'enabled', budget_tokens: setting.budgetTokens } : undefined;
    case 'none':
      return undefined;
  }
}
