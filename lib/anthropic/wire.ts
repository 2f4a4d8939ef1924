// Anthropic Messages API wire format, shared by the in-process demo model and the fake
// Anthropic server used in tests. It has no imports so that plain Node (type stripping)
// can load it from the fake server as well as Next.js from the app.

export type WireUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  /** The cache writes by lifetime, which message_start reports. */
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
};

export type WireEvent = { type: string; [key: string]: unknown };

/** One SSE event exactly as the API sends it: an `event:` line and a `data:` line. */
export function encodeSseEvent(event: WireEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function errorBody(type: string, message: string) {
  return { type: 'error', error: { type, message } };
}

export function messageStartEvent(opts: { id: string; model: string; usage: WireUsage }): WireEvent {
  return {
    type: 'message_start',
    message: {
      id: opts.id,
      type: 'message',
      role: 'assistant',
      model: opts.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...opts.usage, output_tokens: Math.min(1, opts.usage.output_tokens) },
    },
  };
}

export function messageEndEvents(stopReason: string, usage: WireUsage): WireEvent[] {
  return [
    {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage,
    },
    { type: 'message_stop' },
  ];
}

export function textBlockEvents(index: number, deltas: readonly string[]): WireEvent[] {
  return [
    { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
    ...deltas.map((text) => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } })),
    { type: 'content_block_stop', index },
  ];
}

/**
 * Splits text into deltas of a few words, the way Claude streams: whitespace stays attached
 * to the following word, so leading spaces and blank lines survive reassembly exactly.
 */
export function splitIntoDeltas(text: string, wordsPerDelta = 2): string[] {
  const pieces = text.match(/\s*\S+|\s+$/g) ?? [];
  const deltas: string[] = [];
  for (let i = 0; i < pieces.length; i += wordsPerDelta) {
    deltas.push(pieces.slice(i, i + wordsPerDelta).join(''));
  }
  return deltas;
}

/** Claude's tokenizer averages roughly four characters per token for English text. */
export const CHARACTERS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / CHARACTERS_PER_TOKEN));
}

export function thinkingBlockEvents(index: number, deltas: readonly string[], signature: string): WireEvent[] {
  return [
    { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
    ...deltas.map((thinking) => ({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } })),
    { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } },
    { type: 'content_block_stop', index },
  ];
}

/** A client tool call; the input streams as JSON pieces, the first one empty as the API sends it. */
export function toolUseBlockEvents(index: number, id: string, name: string, input: unknown): WireEvent[] {
  const json = JSON.stringify(input);
  const pieces = ['', ...(json.match(/.{1,12}/gs) ?? [])];
  return [
    { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } },
    ...pieces.map((partial_json) => ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } })),
    { type: 'content_block_stop', index },
  ];
}

/**
 * What Claude is asked upstream, never shown or saved, when it cannot be handed its cut-off
 * answer as a prefill: the answer stays its own turn, and this user turn asks it to go on. The
 * demo model and the fake server recognise it as Rill's request to continue.
 */
export const CONTINUE_INSTRUCTION =
  'Your previous answer was cut off. Continue it from exactly where it stopped, mid-sentence if need be: do not repeat, summarise or introduce anything.';
