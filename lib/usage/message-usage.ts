import type { RillUIMessage, StepSummary } from '../protocol/message-metadata';
import { addUsage, cacheSavingsUsd, estimateCostUsd, estimateOutputTokens, ZERO_USAGE, type TokenUsage } from './index';

export type LiveUsage = { usage: TokenUsage; exact: boolean };

function streamedCharacters(message: RillUIMessage): number {
  let characters = 0;
  for (const part of message.parts) {
    if (part.type === 'text' || part.type === 'reasoning') characters += part.text.length;
    else if ('input' in part && part.input !== undefined) characters += JSON.stringify(part.input).length;
  }
  return characters;
}

/**
 * Usage of one assistant message as the footer shows it. Until Anthropic's closing
 * `message_delta` arrives, output tokens are estimated from the text streamed so far, so
 * the count rises live; the exact figure replaces the estimate as soon as it is known.
 */
export function liveMessageUsage(message: RillUIMessage): LiveUsage {
  const reported = message.metadata?.usage ?? ZERO_USAGE;
  if (message.metadata?.usageFinal) return { usage: reported, exact: true };
  const estimate = estimateOutputTokens(streamedCharacters(message));
  return { usage: { ...reported, outputTokens: Math.max(reported.outputTokens, estimate) }, exact: false };
}

/**
 * The steps of an answer that is to be continued, with the usage its footer shows: an answer
 * cut off before Anthropic reported its output counts the estimate, in its last step, so that
 * the continued answer's totals never drop below what was shown for it.
 */
export function settledSteps(message: RillUIMessage): StepSummary[] {
  const metadata = message.metadata;
  const steps = metadata?.steps ?? (metadata?.usage ? [{ usage: metadata.usage }] : []);
  const last = steps.at(-1);
  const { usage, exact } = liveMessageUsage(message);
  if (exact || !last) return steps;
  const unreported = usage.outputTokens - (metadata?.usage ?? ZERO_USAGE).outputTokens;
  return [...steps.slice(0, -1), { ...last, usage: { ...last.usage, outputTokens: last.usage.outputTokens + unreported } }];
}

export type ConversationTotals = LiveUsage & { costUsd: number | undefined; cacheSavedUsd: number | undefined };

const addKnown = (total: number | undefined, amount: number | undefined) => (total === undefined || amount === undefined ? undefined : total + amount);

/**
 * Totals over every assistant message, and what the prompt cache saved over them; each amount
 * is unknown if any message's model has no known price.
 */
export function conversationTotals(messages: readonly RillUIMessage[]): ConversationTotals {
  let usage = ZERO_USAGE;
  let exact = true;
  let costUsd: number | undefined = 0;
  let cacheSavedUsd: number | undefined = 0;
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    const live = liveMessageUsage(message);
    usage = addUsage(usage, live.usage);
    exact &&= live.exact;
    const model = message.metadata?.model;
    costUsd = addKnown(costUsd, model ? estimateCostUsd(model, live.usage) : undefined);
    cacheSavedUsd = addKnown(cacheSavedUsd, model ? cacheSavingsUsd(model, live.usage) : undefined);
  }
  return { usage, exact, costUsd, cacheSavedUsd };
}
