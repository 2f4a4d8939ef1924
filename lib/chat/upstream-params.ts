import type { CacheControlEphemeral, MessageCountTokensParams, MessageCreateParamsBase, TextBlockParam, ThinkingConfigParam, ToolUnion } from '@anthropic-ai/sdk/resources/messages';
import { effortLevels, thinkingSupport } from '../models';
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
  // An hour's lifetime costs more to write, and pays off when replies come minutes apart.
  const cacheControl: CacheControlEphemeral = request.cacheTtl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };
  const system = systemBlocks([instructions, request.system], cacheControl);
  // A level the model does not take would be refused: the model's own default applies instead.
  const effort = request.effort && effortLevels(model).includes(request.effort) ? request.effort : undefined;
  return {
    model,
    max_tokens: maxTokens,
    // Caches the conversation prefix (tools, system prompt, earlier turns): long chats cost less.
    cache_control: cacheControl,
    ...(system ? { system } : {}),
    ...(thinking ? { thinking } : {}),
    ...(tools.length ? { tools } : {}),
    ...(effort ? { output_config: { effort } } : {}),
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

/** The parameters of a token count of the request `params` would make: the same, but for max_tokens, which the count refuses. */
export function countTokensParams(params: Omit<MessageCreateParamsBase, 'messages'>): Omit<MessageCountTokensParams, 'messages'> {
  const { model, system, thinking, tools, cache_control, output_config } = params;
  return { model, ...(system ? { system } : {}), ...(thinking ? { thinking } : {}), ...(tools ? { tools } : {}), ...(cache_control ? { cache_control } : {}), ...(output_config ? { output_config } : {}) };
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
