import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { applyUsageReport, estimateOutputTokens, ZERO_USAGE, type TokenUsage } from '../usage';

/** What one upstream call used: its tokens and the web searches billed per use. */
export type StepSpend = { usage: TokenUsage; webSearches: number };

/**
 * Follows the raw events of one upstream call to know what it will be billed. Usage reports are
 * cumulative snapshots. A call that ends before its closing `message_delta` (Stop, a dropped
 * connection) never reports its output: it is estimated from what streamed, or a client could
 * stop every answer just before its end and pay for its prompt only.
 */
export class StepMeter {
  private usage: TokenUsage = ZERO_USAGE;
  private webSearches = 0;
  private streamedCharacters = 0;
  private final = false;

  push(event: RawMessageStreamEvent): void {
    switch (event.type) {
      case 'message_start':
        this.usage = applyUsageReport(this.usage, event.message.usage);
        break;
      case 'content_block_delta': {
        const delta = event.delta as { text?: unknown; thinking?: unknown; partial_json?: unknown };
        for (const text of [delta.text, delta.thinking, delta.partial_json]) if (typeof text === 'string') this.streamedCharacters += text.length;
        break;
      }
      case 'message_delta':
        this.usage = applyUsageReport(this.usage, event.usage);
        this.webSearches = event.usage.server_tool_use?.web_search_requests ?? this.webSearches;
        this.final = true;
        break;
    }
  }

  get spend(): StepSpend {
    if (this.final) return { usage: this.usage, webSearches: this.webSearches };
    const outputTokens = Math.max(this.usage.outputTokens, estimateOutputTokens(this.streamedCharacters));
    return { usage: { ...this.usage, outputTokens }, webSearches: this.webSearches };
  }
}
