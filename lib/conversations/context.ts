import { CHARACTERS_PER_TOKEN } from '../anthropic/wire';

type MessageLike = {
  role: 'user' | 'assistant' | 'system';
  parts: readonly unknown[];
  metadata?: { steps?: Array<{ usage: UsageLike }>; promptMessages?: number } | undefined;
};
type UsageLike = { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number };

/** Share of the context window at which Rill warns before the next message. */
export const NEAR_LIMIT_RATIO = 0.8;
/** Trimming keeps the newest turns that fit in this share of the window. */
export const TRIM_TARGET_RATIO = 0.5;

export function estimateMessageTokens(message: { parts: readonly unknown[] }): number {
  return Math.ceil(JSON.stringify(message.parts).length / CHARACTERS_PER_TOKEN);
}

/**
 * How much of the context window the conversation fills: the last model call's exact usage
 * (its whole prompt plus its answer) when that prompt is still the conversation before it
 * (not trimmed since), plus an estimate from the text for everything else.
 */
export function contextUse(messages: readonly MessageLike[], window: number): { tokens: number; ratio: number; nearLimit: boolean } {
  let tokens = 0;
  let lastAnswer = messages.findLastIndex((m) => m.role === 'assistant' && (m.metadata?.steps?.length ?? 0) > 0);
  const prompt = messages[lastAnswer]?.metadata?.promptMessages;
  if (prompt !== undefined && prompt !== lastAnswer) lastAnswer = -1;
  if (lastAnswer >= 0) {
    const usage = messages[lastAnswer]!.metadata!.steps!.at(-1)!.usage;
    tokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens + usage.outputTokens;
  }
  for (const message of messages.slice(lastAnswer + 1)) tokens += estimateMessageTokens(message);
  const ratio = tokens / window;
  return { tokens, ratio, nearLimit: ratio >= NEAR_LIMIT_RATIO };
}

/**
 * Where to cut the oldest turns: the id of the first message to keep, so that the newest
 * turns fitting in `budget` tokens remain and the conversation still opens with the user.
 * Undefined when nothing can be dropped.
 */
export function trimPoint(messages: ReadonlyArray<{ id: string; role: string; parts: readonly unknown[] }>, budget: number): string | undefined {
  let total = 0;
  let keepFrom = messages.length;
  for (let i = messages.length - 1; i >= 0; i--) {
    total += estimateMessageTokens(messages[i]!);
    if (total > budget && keepFrom < messages.length) break;
    if (messages[i]!.role === 'user') keepFrom = i;
  }
  // Always keep the latest exchange, even if it alone is over budget.
  if (keepFrom === messages.length) keepFrom = messages.findLastIndex((m) => m.role === 'user');
  return keepFrom > 0 ? messages[keepFrom]?.id : undefined;
}
