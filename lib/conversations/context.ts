import { CHARACTERS_PER_TOKEN } from '../anthropic/wire';

/** Share of the context window at which Rill warns before the next message. */
export const NEAR_LIMIT_RATIO = 0.8;
/** Trimming keeps the newest turns that fit in this share of the window. */
export const TRIM_TARGET_RATIO = 0.5;

export function estimateMessageTokens(message: { parts: readonly unknown[] }): number {
  return Math.ceil(JSON.stringify(message.parts).length / CHARACTERS_PER_TOKEN);
}

export type ContextUse = { tokens: number; ratio: number; nearLimit: boolean };

/** How much of the context window `tokens` (Anthropic's count of the conversation) fill, and whether that is near its limit. */
export function contextUse(tokens: number, window: number): ContextUse {
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
