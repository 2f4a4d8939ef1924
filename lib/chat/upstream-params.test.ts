import { describe, expect, it } from 'vitest';
import type { ChatRequest } from './request';
import { countTokensParams, DEFAULT_MAX_TOKENS, upstreamParams, WEB_TOOLS } from './upstream-params';

const base: ChatRequest = { id: 'conversation-1', message: { id: 'message-1', role: 'user', parts: [{ type: 'text', text: 'hi' }] } };
const clientTools = [{ name: 'calculate', description: 'math', input_schema: { type: 'object' as const } }];
const params = (request: Partial<ChatRequest>, model = 'claude-sonnet-5-5', maxOutputTokens = 64_000, webTools = true) =>
  upstreamParams({ request: { ...base, ...request }, model, maxOutputTokens, clientTools, webTools });

describe('upstreamParams', () => {
  it('sends the client tools, and the web tools only when the conversation turned them on', () => {
    expect(params({}).tools).toEqual(clientTools);
    expect(params({ webSearch: true }).tools).toEqual([...clientTools, ...WEB_TOOLS]);
  });

  it('never sends the web tools when the operator has not turned them on', () => {
    expect(params({ webSearch: true }, 'claude-sonnet-5-5', 64_000, false).tools).toEqual(clientTools);
  });

  it('marks the conversation prefix for prompt caching, for five minutes unless the conversation asks for an hour', () => {
    expect(params({}).cache_control).toEqual({ type: 'ephemeral' });
    expect(params({ cacheTtl: '5m' }).cache_control).toEqual({ type: 'ephemeral' });
    expect(params({ cacheTtl: '1h' }).cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
  });

  it('sends the effort to a model that takes that level, and to no other', () => {
    expect(params({ effort: 'low' }).output_config).toEqual({ effort: 'low' });
    expect(params({ effort: 'max' }, 'claude-opus-5-5').output_config).toEqual({ effort: 'max' });
    expect(params({}).output_config).toBeUndefined();
    // Haiku takes no effort setting; Opus 4.5 takes none above high.
    expect(params({ effort: 'low' }, 'claude-haiku-5-5').output_config).toBeUndefined();
    expect(params({ effort: 'max' }, 'claude-opus-4-5').output_config).toBeUndefined();
    expect(params({ effort: 'medium' }, 'claude-opus-4-5-20251101').output_config).toEqual({ effort: 'medium' });
  });

  it('counts tokens on the same request, without the max_tokens the count refuses', () => {
    const answer = params({ system: 'Be brief.', effort: 'high', cacheTtl: '1h', thinking: { enabled: true, budgetTokens: 8_192 } });
    const { max_tokens: _maxTokens, ...rest } = answer;
    expect(countTokensParams(answer)).toEqual(rest);
    expect(countTokensParams(answer)).not.toHaveProperty('max_tokens');
  });

  it('caps max_tokens at the server limit', () => {
    expect(params({}).max_tokens).toBe(DEFAULT_MAX_TOKENS);
    expect(params({ maxTokens: 100_000 }, 'claude-sonnet-5-5', 16_384).max_tokens).toBe(16_384);
  });

  it('turns adaptive thinking on or off explicitly', () => {
    expect(params({ thinking: { enabled: true, budgetTokens: 8_192 } }).thinking).toEqual({ type: 'adaptive' });
    expect(params({}).thinking).toEqual({ type: 'disabled' });
  });

  it('leaves always-on thinking alone', () => {
    expect(params({ thinking: { enabled: false, budgetTokens: 8_192 } }, 'claude-opus-5-5').thinking).toBeUndefined();
  });

  it('gives budget models their budget and room to answer after it', () => {
    const result = params({ thinking: { enabled: true, budgetTokens: 16_384 } }, 'claude-sonnet-4-5');
    expect(result.thinking).toEqual({ type: 'enabled', budget_tokens: 16_384 });
    expect(result.max_tokens).toBe(16_384 + 4_096);
    const capped = params({ thinking: { enabled: true, budgetTokens: 32_768 } }, 'claude-sonnet-4-5', 8_192);
    expect(capped.max_tokens).toBe(8_192);
    expect(capped.thinking).toEqual({ type: 'enabled', budget_tokens: 8_191 });
  });

  // The person's instructions (read by the server) and the chat's own prompt (its settings).
  const systemOf = (instructions: string | undefined, chatPrompt: string | undefined) =>
    upstreamParams({
      request: { ...base, ...(chatPrompt === undefined ? {} : { system: chatPrompt }) },
      ...(instructions === undefined ? {} : { instructions }),
      model: 'claude-sonnet-5-5',
      maxOutputTokens: 64_000,
      clientTools,
      webTools: true,
    }).system;

  it('sends a system prompt only when there is one', () => {
    expect(systemOf(undefined, undefined)).toBeUndefined();
    expect(systemOf('\n', '  ')).toBeUndefined();
  });

  it("puts the person's instructions first, then the chat's prompt, with the cache breakpoint after both", () => {
    expect(systemOf('I am a nurse.', 'Answer in French.')).toEqual([
      { type: 'text', text: 'I am a nurse.' },
      { type: 'text', text: 'Answer in French.', cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('sends either one alone, the breakpoint on it', () => {
    expect(systemOf('I am a nurse.', undefined)).toEqual([{ type: 'text', text: 'I am a nurse.', cache_control: { type: 'ephemeral' } }]);
    expect(systemOf('  ', 'Be brief.')).toEqual([{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }]);
  });

  it('gives the system breakpoint the same cache settings as the conversation', () => {
    const result = params({ system: 'Be brief.' });
    expect(result.system).toEqual([{ type: 'text', text: 'Be brief.', cache_control: result.cache_control }]);
  });
});
