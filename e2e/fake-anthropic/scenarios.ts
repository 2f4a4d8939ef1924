// Scenario definitions for the fake Anthropic Messages API. Everything here is pure: it turns
// the directives found in the last user message that has text (plus a summary of the rest of the
// conversation, for the agent-loop scenarios) into a plan (an error response, or a list of SSE
// events with the delay before each one). The server in ./server.ts executes the plans.

import {
  CONTINUE_INSTRUCTION,
  estimateTokens,
  messageEndEvents,
  messageStartEvent,
  splitIntoDeltas,
  textBlockEvents,
} from '../../lib/anthropic/wire.ts';
import type { WireEvent, WireUsage } from '../../lib/anthropic/wire.ts';
import { PROMPT_ALIASES } from './prompt-aliases.ts';

// ---------------------------------------------------------------------------------------------
// Names and defaults

export const SCENARIO_NAMES = [
  'text',
  'paced',
  'unicode',
  'markdown',
  'html',
  'math',
  'tool-use',
  'thinking',
  'max-tokens',
  'overloaded-midstream',
  'drop',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'rate-limit-then-ok',
  'overloaded-once',
  'drop-once',
  'overloaded',
  'bad-request',
  'slow-first-token',
  'endless',
  'fixture',
  'weather',
  'parallel-tools',
  'tool-errors',
  'tool-loop',
  'slow-tool',
  'thinking-tool',
  'pause-turn',
  'citations',
  'mcp-tool',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** Milliseconds between content events unless `[[pace:MS]]` says otherwise. */
export const DEFAULT_PACE_MS = 15;
/** `endless` ticks more slowly by default. */
export const DEFAULT_ENDLESS_PACE_MS = 50;
/** `fixture` replays quickly by default. */
export const DEFAULT_FIXTURE_PACE_MS = 5;
/** `slow-first-token` waits this long before the first text delta unless `[[delay:MS]]` says otherwise. */
export const DEFAULT_FIRST_TOKEN_DELAY_MS = 2000;
/** `paced` length unless `[[words:N]]` says otherwise. */
export const DEFAULT_PACED_WORDS = 300;
/** `rate-limited` retry-after (seconds) unless `[[retry-after:N]]` says otherwise. */
export const DEFAULT_RATE_LIMIT_RETRY_AFTER_S = 7;
/**
 * Milliseconds between `input_json_delta` events unless `[[input-pace:MS]]` says otherwise: this
 * default applies to `weather` (slow enough for a browser to see the tool card while its input
 * streams); the other tool scenarios default to the text pace.
 */
export const DEFAULT_INPUT_PACE_MS = 60;
/** `endless` stops by itself after this long (safety cap). */
export const ENDLESS_CAP_MS = 10 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Directives

export type Directives = {
  scenario?: string;
  fixture?: string;
  pace?: number;
  words?: number;
  delay?: number;
  nonce?: string;
  retryAfter?: number;
  inputPace?: number;
  /** `paced`, `markdown` and `math` answers start and end with this word, so a page can spot their first and last delta. */
  marker?: string;
  /** Non-zero: the request log records when each text delta was written (`textDeltaAts`). */
  trace?: number;
  /** `mcp-tool`: the tool to call: the offered tool of that name, or else the first whose name ends in `__<tool>`. */
  tool?: string;
  /** `mcp-tool`: the call's input, as JSON. */
  input?: string;
};

const NUMERIC_DIRECTIVES = {
  pace: 'pace',
  words: 'words',
  delay: 'delay',
  'retry-after': 'retryAfter',
  'input-pace': 'inputPace',
  trace: 'trace',
} as const;

/**
 * Reads `[[name:value]]` directives from text. Later directives win. Unknown directive names are
 * ignored (they may be meant for someone else); a numeric directive with a non-numeric value is
 * an error, so a typo in a test does not silently fall back to a default.
 */
export function parseDirectives(text: string): { directives: Directives } | { error: string } {
  const alias = PROMPT_ALIASES[text.trim()];
  if (alias) return parseDirectives(alias);
  const directives: Directives = {};
  for (const match of text.matchAll(/\[\[([a-z][a-z-]*):([^\]]*)\]\]/gi)) {
    const name = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (name === 'scenario') directives.scenario = value;
    else if (name === 'fixture') directives.fixture = value;
    else if (name === 'nonce') directives.nonce = value;
    else if (name === 'marker') directives.marker = value;
    else if (name === 'tool') directives.tool = value;
    else if (name === 'input') directives.input = value;
    else if (name in NUMERIC_DIRECTIVES) {
      if (!/^\d+$/.test(value)) {
        return { error: `directive [[${name}:${value}]] needs a non-negative integer` };
      }
      directives[NUMERIC_DIRECTIVES[name as keyof typeof NUMERIC_DIRECTIVES]] = Number(value);
    }
  }
  return { directives };
}

/** One `tool_result` block of the final user message, as the log and the echo answer show it. */
export type ToolResultSummary = { tool_use_id: string; is_error: boolean; content: string };

/** What the scenarios (and the request log) need to know about a request's `messages`. */
export type Conversation = {
  /** Index of the last user message that has text (string content, or at least one text block); -1 if none. */
  textIndex: number;
  /** The text of that message: string content, or its text blocks joined by newlines. */
  userText: string;
  /** 1 + the number of assistant messages after that message: how many model calls into this answer the request is. */
  step: number;
  /** Role of the last message ('user' when there are no messages). */
  lastMessageRole: 'user' | 'assistant';
  /** Index of the final user message (the last message with role `user`); -1 if none. */
  finalUserIndex: number;
  /** The `tool_result` blocks of the final user message (non-empty: the request is a tool follow-up). */
  toolResults: ToolResultSummary[];
  /** For each assistant message, the types of its content blocks (string content counts as one `text` block). */
  assistantBlockTypes: string[][];
  /** When the last message is the assistant's and ends in text (a prefill): its text blocks joined. */
  prefill?: string;
  /**
   * The answer this request continues, however it asks: the prefill, or the assistant's text
   * before Rill's instruction to go on (whose request takes its directives from the question before).
   */
  continues?: string;
  /** The messages themselves, as sent. */
  messages: readonly unknown[];
};

/** One content block of a user message, as logged: images and documents by media type and decoded size. */
export type BlockSummary = { type: string; mediaType?: string; bytes?: number; title?: string };

/** The content blocks of a message, summarised (base64 sources decoded to count their bytes). */
export function summarizeBlocks(message: unknown): BlockSummary[] {
  if (!isRecord(message)) return [];
  return contentBlocks(message.content).map((block): BlockSummary => {
    if (!isRecord(block)) return { type: typeof block };
    const summary: BlockSummary = { type: String(block.type) };
    const source = block.source;
    if (isRecord(source) && source.type === 'base64' && typeof source.data === 'string') {
      if (typeof source.media_type === 'string') summary.mediaType = source.media_type;
      summary.bytes = Buffer.from(source.data, 'base64').length;
    }
    if (typeof block.title === 'string') summary.title = block.title;
    return summary;
  });
}

function contentBlocks(content: unknown): unknown[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

function textBlocks(content: unknown[]): string[] {
  return content
    .filter((block): block is { type: 'text'; text: string } => isRecord(block) && block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text);
}

/** A tool_result's content as text: a string as it is; an array of blocks as its texts joined by newlines (other blocks as `[type]`). */
function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      if (!isRecord(block)) return '';
      if (block.type === 'text' && typeof block.text === 'string') return block.text;
      return `[${String(block.type)}]`;
    })
    .join('\n');
}

/**
 * Whether a model takes a prefill, as the real API decides: Claude 4.6 and every later model
 * refuse one (all of this server's own models), earlier ones such as `claude-sonnet-4-5` take it.
 */
export function takesPrefill(model: string): boolean {
  const version = /^claude-(?:[a-z]+-)?(\d+)(?:-(\d))?(?:-|$)/.exec(model);
  if (!version) return false;
  const [major, minor] = [Number(version[1]), Number(version[2] ?? 0)];
  return major < 4 || (major === 4 && minor < 6);
}

/** Summarises a request's `messages` (anything that is not an array counts as no messages). */
export function readConversation(messages: unknown): Conversation {
  const list: unknown[] = Array.isArray(messages) ? messages : [];
  const role = (message: unknown) => (isRecord(message) ? message.role : undefined);

  let textIndex = -1;
  let userText = '';
  for (let i = list.length - 1; i >= 0; i--) {
    const message = list[i];
    if (!isRecord(message) || message.role !== 'user') continue;
    if (typeof message.content === 'string') {
      textIndex = i;
      userText = message.content;
      break;
    }
    const texts = textBlocks(contentBlocks(message.content));
    if (texts.length > 0) {
      textIndex = i;
      userText = texts.join('\n');
      break;
    }
  }

  // Rill's instruction to go on with the answer before it: the directives are the question's.
  let instructed: string | undefined;
  const answered = list[textIndex - 1];
  if (userText === CONTINUE_INSTRUCTION && isRecord(answered) && answered.role === 'assistant') {
    instructed = textBlocks(contentBlocks(answered.content)).join('');
    for (let i = textIndex - 2; i >= 0; i--) {
      const message = list[i];
      if (!isRecord(message) || message.role !== 'user') continue;
      const texts = typeof message.content === 'string' ? [message.content] : textBlocks(contentBlocks(message.content));
      if (texts.length === 0) continue;
      textIndex = i;
      userText = texts.join('\n');
      break;
    }
  }

  let finalUserIndex = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    if (role(list[i]) === 'user') {
      finalUserIndex = i;
      break;
    }
  }
  const finalUser = list[finalUserIndex];
  const toolResults: ToolResultSummary[] = [];
  if (isRecord(finalUser)) {
    for (const block of contentBlocks(finalUser.content)) {
      if (!isRecord(block) || block.type !== 'tool_result') continue;
      toolResults.push({
        tool_use_id: typeof block.tool_use_id === 'string' ? block.tool_use_id : '',
        is_error: block.is_error === true,
        content: toolResultText(block.content),
      });
    }
  }

  const assistantBlockTypes: string[][] = [];
  let step = 1;
  list.forEach((message, i) => {
    if (!isRecord(message) || message.role !== 'assistant') return;
    assistantBlockTypes.push(contentBlocks(message.content).map((block) => (isRecord(block) ? String(block.type) : typeof block)));
    if (i > textIndex) step++;
  });

  const last = list.at(-1);
  // A final assistant turn that ends in text is a prefill; one that ends in a server tool's block
  // is a paused turn handed back to go on, which every model takes.
  const lastBlock = isRecord(last) && last.role === 'assistant' ? contentBlocks(last.content).at(-1) : undefined;
  const prefillTexts = isRecord(lastBlock) && lastBlock.type === 'text' && isRecord(last) ? textBlocks(contentBlocks(last.content)) : [];
  const prefill = prefillTexts.length > 0 ? prefillTexts.join('') : undefined;
  const continues = prefill ?? instructed;
  return {
    textIndex,
    userText,
    step,
    ...(prefill !== undefined ? { prefill } : {}),
    ...(continues !== undefined ? { continues } : {}),
    lastMessageRole: role(last) === 'assistant' ? 'assistant' : 'user',
    finalUserIndex,
    toolResults,
    assistantBlockTypes,
    messages: list,
  };
}

/**
 * Text of the last `user` message that has text: string content, or the text blocks of array
 * content joined by newlines. User messages holding only tool_result blocks are skipped.
 */
export function lastUserText(messages: unknown): string {
  return readConversation(messages).userText;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Texts

export const TEXT_ANSWER =
  'Rill streams every token as it arrives. This answer came from the fake Anthropic server, one small piece at a time.';

/** Must round-trip exactly: leading spaces, blank line, trailing spaces, ZWJ emoji, flag, CJK, accents, tab. */
export const UNICODE_TEXT =
  '  Two leading spaces start this line. Café, naïve, jalapeño, Ærøskøbing, Łódź.\n' +
  '\n' +
  'This line ends with three spaces   \n' +
  'Emoji: 👩‍💻 writes code, 🇯🇵 is a flag, 🎉 celebrates.\n' +
  'CJK: 日本語のテキスト、中文。\n' +
  'Tab:\tafter the tab.';

export const HTML_TEXT =
  'This answer contains raw HTML that must be shown as text or dropped, never executed.\n' +
  '\n' +
  '<script>window.__pwned = true</script>\n' +
  '\n' +
  '<img src=x onerror="window.__pwned=true">\n' +
  '\n' +
  'A link that must not run code: [click me](javascript:window.__pwned=true)\n' +
  '\n' +
  'Plain text after the HTML.';

/**
 * TeX in every form an answer uses, among prices and code that must stay text. Streamed two words
 * per delta, so formulas arrive in pieces (`$e^{i\pi}` first, `+ 1 = 0$` later) and the display
 * formulas open a delta before they close. The last lines are hostile TeX that KaTeX must refuse.
 */
export const MATH_TEXT = [
  "Euler's identity, $e^{i\\pi} + 1 = 0$, links five constants. The area of a circle is \\(A = \\pi r^2\\).",
  '',
  'The Gaussian integral:',
  '',
  '$$',
  '\\int_{-\\infty}^{\\infty} e^{-x^2} \\, dx = \\sqrt{\\pi}',
  '$$',
  '',
  'and the Basel problem:',
  '',
  '\\[ \\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6} \\]',
  '',
  'Prices stay text: the book costs $5 and the course $10. So does code: `echo $HOME$`.',
  '',
  'Invalid TeX keeps its source: $\\frac{1}{$ has no denominator, and $x^{2$ leaves a brace open.',
  '',
  'Hostile TeX is refused: $\\href{javascript:alert(1)}{click}$ and $\\text{<img src=x onerror=alert(1)>}$.',
].join('\n');

export const TOOL_USE_TEXT = "I'll check the current weather in Paris for you.";
export const TOOL_USE_NAME = 'get_weather';
export const TOOL_USE_INPUT = { location: 'Paris, France', unit: 'celsius' } as const;

export const THINKING_TEXT =
  'The user wants to know how streaming works. I should keep it short: tokens are sent as soon as they are produced, and the client renders them incrementally.';
export const THINKING_SIGNATURE =
  'EqQBCkYIBxgCKkBfakeSignatureForRillTestsOnlyNotARealSignatureAAAABBBBCCCCDDDDEEEEFFFF0123456789==';
export const THINKING_ANSWER =
  'Streaming sends each token to you as soon as the model produces it, so the reply appears a few words at a time.';

export const MAX_TOKENS_TEXT =
  'Here is a long explanation of how streaming works. First, the server opens a connection and sends a message_start event. Then it sends content block deltas as the model produces them, and the client';

export const OVERLOADED_MIDSTREAM_TEXT =
  'This answer starts streaming normally, but the server becomes overloaded before it can finish the';

export const DROP_TEXT =
  'This answer starts streaming normally, but the connection is cut off abruptly before the end of the';

export const ENDLESS_TEXT_PREFIX = 'tick ';

const LOREM_WORDS = (
  'river stream current flow water stone bank bridge light morning evening quiet steady small ' +
  'bright clear open window garden path field forest mountain valley cloud wind rain summer winter ' +
  'people message answer question reader writer story simple gentle careful patient curious ' +
  'moves carries brings finds keeps leaves turns follows reaches shows holds waits listens ' +
  'slowly quickly softly always often never again together along across toward through ' +
  'the a one every each another this that some many few'
).split(' ');

/**
 * `count` words of plain English-looking text: sentences of 7–15 words, paragraphs of 3–5
 * sentences. Deterministic (a fixed linear congruential generator).
 */
export function pacedText(count: number): string {
  let seed = 20240607;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  let sentenceTarget = 3 + next(3);
  let words: string[] = [];
  let wordTarget = 7 + next(9);
  for (let i = 0; i < count; i++) {
    let word = LOREM_WORDS[next(LOREM_WORDS.length)] ?? 'word';
    if (words.length === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
    words.push(word);
    const last = i === count - 1;
    if (words.length >= wordTarget || last) {
      sentences.push(`${words.join(' ')}.`);
      words = [];
      wordTarget = 7 + next(9);
      if (sentences.length >= sentenceTarget || last) {
        paragraphs.push(sentences.join(' '));
        sentences = [];
        sentenceTarget = 3 + next(3);
      }
    }
  }
  return paragraphs.join('\n\n');
}

const MARKDOWN_SECTIONS: readonly string[] = [
  `# Streaming Markdown in Rill

Rill renders **Markdown** as it streams, so this document arrives in small pieces and is displayed *while* it is being written. It mixes headings, lists, a table, \`inline code\`, two fenced code blocks, a blockquote and a [link to example.com](https://example.com). Each part should look finished as soon as its last character has arrived, and nothing that came before should jump around when the next piece is appended.`,

  `## Why streaming matters

Waiting for a complete answer feels slow, even when the total time is the same. Showing the first words quickly tells the reader that the request worked and gives them something to read right away. A few things make streaming pleasant to use:

- The first token should appear within a fraction of a second.
- Text that has already been shown must never be rewritten in a way the reader notices.
- Scrolling should follow the newest text, unless the reader has scrolled up on purpose.
- Long answers, such as this one, must not slow the page down as they grow.
- Code blocks should be highlighted once they are complete, and stay readable before that.`,

  `## Setting up a project

Getting a local copy running takes only a few steps. The commands below assume a recent version of Node and a terminal open in the project folder.

1. Install the dependencies with \`npm install\`.
2. Copy the example environment file and add your API key.
3. Start the development server with \`npm run dev\`.
4. Open the printed address in a browser and send a first message.
5. Run \`npm test\` before you open a pull request.`,

  `## Comparing the approaches

The table below compares three ways to deliver a long answer to the browser. The numbers are rough and only meant to show the difference in how the wait feels.

| Approach | First visible text | Total time | Feels |
| --- | --- | --- | --- |
| Wait for the full answer | 9.0 s | 9.0 s | Slow |
| Stream whole sentences | 1.2 s | 9.1 s | Good |
| Stream every \`content_block_delta\` | 0.4 s | 9.0 s | Fast |`,

  `## A TypeScript example

Reading a stream of server-sent events in TypeScript needs only a decoder and a loop. The function below collects the text deltas into a single string and reports progress along the way.

\`\`\`ts
type TextDelta = { type: 'text_delta'; text: string };

export async function collectText(
  events: AsyncIterable<{ type: string; delta?: TextDelta }>,
  onProgress: (text: string) => void,
): Promise<string> {
  let text = '';
  for await (const event of events) {
    if (event.type === 'content_block_delta' && event.delta) {
      text += event.delta.text;
      onProgress(text);
    }
  }
  return text;
}
\`\`\``,

  `## A Python example

The same idea in Python uses a generator. Keeping the state in one place makes the code easy to test, because the generator can be fed a list of events instead of a real connection.

\`\`\`python
def collect_text(events, on_progress=None):
    """Join the text deltas of a stream of events."""
    text = ""
    for event in events:
        if event.get("type") == "content_block_delta":
            text += event["delta"]["text"]
            if on_progress is not None:
                on_progress(text)
    return text
\`\`\``,

  `## A note from the documentation

> Streaming responses are delivered as server-sent events. Each event has a name and a JSON payload, and the stream always ends with a \`message_stop\` event when the answer is complete.
>
> If the connection breaks early, the partial answer is still useful, but it should be marked as incomplete.`,

  `## Summary

Streaming makes a chat interface feel responsive. The hard parts are rendering partial Markdown without flicker, keeping the page fast while the answer grows, and handling errors that happen in the middle of an answer. Visit [example.com](https://example.com) for more information, and remember that \`inline code\`, **bold text** and *emphasis* should all render correctly even when they arrive one piece at a time.`,
];

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * About 600 words of Markdown. With `words`, sections are appended (repeating from the start,
 * headings marked "(part N)") until at least that many words have been produced; the text is
 * only ever cut at a section boundary, so code fences stay balanced.
 */
export function markdownText(words?: number): string {
  if (words === undefined) return MARKDOWN_SECTIONS.join('\n\n');
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; total < Math.max(words, 1); i++) {
    const round = Math.floor(i / MARKDOWN_SECTIONS.length) + 1;
    let section = MARKDOWN_SECTIONS[i % MARKDOWN_SECTIONS.length] ?? '';
    if (round > 1) section = section.replace(/^(#+ .*)$/m, `$1 (part ${round})`);
    parts.push(section);
    total += countWords(section);
  }
  return parts.join('\n\n');
}

/**
 * Splits by code points into small irregular pieces (1–6 code points), so some deltas end in the
 * middle of a word or grapheme cluster, but never in the middle of a surrogate pair.
 */
export function splitIrregular(text: string): string[] {
  const codePoints = Array.from(text);
  const sizes = [1, 3, 2, 5, 4, 1, 6, 2, 3];
  const deltas: string[] = [];
  for (let i = 0, k = 0; i < codePoints.length; k++) {
    const size = sizes[k % sizes.length] ?? 1;
    deltas.push(codePoints.slice(i, i + size).join(''));
    i += size;
  }
  return deltas;
}

/** `JSON.stringify(TOOL_USE_INPUT)` cut into partial_json pieces; the first is empty, like the real API. */
export function toolInputPieces(): string[] {
  const json = JSON.stringify(TOOL_USE_INPUT);
  const cuts = [0, 0, 9, 19, 31, 39, json.length];
  const pieces: string[] = [];
  for (let i = 1; i < cuts.length; i++) pieces.push(json.slice(cuts[i - 1], cuts[i]));
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// Agent-loop scenarios (tool use over several requests, pause_turn, citations)

export type ToolCall = { name: string; input: Record<string, unknown> };

/** The tool_use blocks each tool scenario's first call asks for, in order (`tool-loop`: every call). */
export const SCENARIO_TOOL_CALLS = {
  weather: [{ name: 'get_weather', input: { location: 'Paris', unit: 'celsius' } }],
  'parallel-tools': [
    { name: 'get_current_time', input: { timezone: 'Asia/Tokyo' } },
    { name: 'calculate', input: { expression: '2^64' } },
  ],
  'tool-errors': [
    { name: 'calculate', input: { expr: 42 } },
    { name: 'launch_rockets', input: { target: 'moon' } },
    { name: 'get_current_time', input: { timezone: 'Mars/Olympus_Mons' } },
  ],
  'tool-loop': [{ name: 'get_current_time', input: { timezone: 'UTC' } }],
  'slow-tool': [{ name: 'get_weather', input: { location: 'Slowtown' } }],
  'thinking-tool': [{ name: 'calculate', input: { expression: 'sqrt(2)*3' } }],
} as const satisfies Record<string, readonly ToolCall[]>;

/** `weather`: the text block before its tool_use block. */
export const WEATHER_TEXT = 'Let me check the weather in Paris.';

/** `mcp-tool`: the text block before its tool_use block. */
export const MCP_TOOL_TEXT = 'Let me use the connector.';

/** `mcp-tool`: the answer when the request offers no tool of that name (a server switched off, or down). */
export function mcpToolMissingText(tool: string): string {
  return `No tool named ${tool} is available to me.`;
}

/** `tool-loop`: the text block before the tool_use block of every call. */
export function toolLoopText(step: number): string {
  return `Step ${step}: checking the time again.`;
}

export const TOOL_ECHO_HEADER = 'Here is what the tools returned:\n\n';
export const TOOL_ECHO_FOOTER = '\n\nDone.';
/** Tool result contents are cut to this many code points in the echo answer. */
export const TOOL_ECHO_MAX_CONTENT = 400;

/** The answer every tool scenario gives to a follow-up request (one line per tool_result, in order). */
export function toolEchoText(results: readonly ToolResultSummary[]): string {
  const lines = results.map(({ tool_use_id, is_error, content }) => {
    const text = Array.from(content).slice(0, TOOL_ECHO_MAX_CONTENT).join('');
    return `- ${is_error ? 'error' : 'ok'} ${tool_use_id}: ${text}`;
  });
  return `${TOOL_ECHO_HEADER}${lines.join('\n')}${TOOL_ECHO_FOOTER}`;
}

export const THINKING_TOOL_TEXT =
  'The user wants sqrt(2) times 3. I should not guess the digits; the calculate tool will give an exact value.';
export const THINKING_TOOL_SIGNATURE =
  'EqQBCkYIBxgCKkBfakeThinkingToolSignatureForRillTestsOnlyPassMeBackUnmodifiedGGGGHHHHIIII9876543210==';

/** The 400 message `thinking-tool` answers with when its thinking block was not passed back (`index`: the assistant message). */
export function thinkingToolRejection(index: number): string {
  return `messages.${index}.content.0: thinking blocks in the latest assistant turn must be passed back unmodified, with their signature.`;
}

export const PAUSE_TURN_SEARCH_INPUT = { query: 'rill streaming' } as const;
export const PAUSE_TURN_SEARCH_RESULTS = [
  {
    type: 'web_search_result',
    url: 'https://example.com/rill',
    title: 'Rill streaming',
    encrypted_content: 'EqoBCioIBxgCIiRmYWtlLWVuY3J5cHRlZC1jb250ZW50LXJpbGwtc3RyZWFtaW5nEgw=',
    page_age: '2 days ago',
  },
  {
    type: 'web_search_result',
    url: 'https://example.com/docs',
    title: 'Docs',
    encrypted_content: 'EqoBCioIBxgCIiRmYWtlLWVuY3J5cHRlZC1jb250ZW50LWRvY3MtcGFnZS1yaWxsEgw=',
    page_age: null,
  },
] as const;
export const PAUSE_TURN_CITATION = {
  type: 'web_search_result_location',
  cited_text: 'Rill streams every token to the browser as soon as Claude produces it.',
  url: 'https://example.com/rill',
  title: 'Rill streaming',
  encrypted_index: 'Eo8BCioIBxgCIiRmYWtlLWVuY3J5cHRlZC1pbmRleC1yaWxsEgw=',
} as const;
export const PAUSE_TURN_ANSWER = 'Rill streams tokens as they arrive.';

/** `citations`: three text blocks; the second starts with a citations_delta. Joined: one sentence. */
export const CITATIONS_TEXTS = ['According to the docs, ', 'streams are sent as Server-Sent Events', '.'] as const;
export const CITATIONS_CITATION = {
  type: 'web_search_result_location',
  cited_text: 'Streaming responses are delivered as server-sent events.',
  url: 'https://example.com/docs',
  title: 'Docs',
  encrypted_index: 'Eo8BCioIBxgCIiRmYWtlLWVuY3J5cHRlZC1pbmRleC1kb2NzEgw=',
} as const;

/** Cuts JSON into an empty first piece (like the real API) and then `count` pieces of about equal size. */
export function jsonPieces(json: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(json.length / Math.max(1, count)));
  const pieces = [''];
  for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
  return pieces;
}

// ---------------------------------------------------------------------------------------------
// Usage

function usage(input: number, output: number, cacheRead: number, cacheCreation: number): WireUsage {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheCreation,
  };
}

/**
 * Final (cumulative) usage each streaming scenario reports in message_delta and in the non-stream
 * Message. For `paced` and `markdown`, output_tokens is estimateTokens(text) of the generated text,
 * shown here for the default length. `endless` reports one output token per tick when it ends.
 */
export const SCENARIO_USAGE = {
  text: usage(1234, 37, 2048, 512),
  paced: usage(1307, estimateTokens(pacedText(DEFAULT_PACED_WORDS)), 1777, 303),
  unicode: usage(1402, 58, 1889, 407),
  markdown: usage(1509, estimateTokens(markdownText()), 1999, 509),
  html: usage(1604, 71, 2111, 613),
  math: usage(1652, estimateTokens(MATH_TEXT), 2137, 641),
  'tool-use': usage(1703, 89, 2221, 719),
  thinking: usage(1806, 151, 2333, 811),
  'max-tokens': usage(1901, 64, 2447, 919),
  'overloaded-midstream': usage(2003, 17, 2557, 1013),
  drop: usage(2107, 19, 2663, 1117),
  'rate-limit-then-ok': usage(2213, 43, 2773, 1223),
  'overloaded-once': usage(2251, 37, 2791, 1231),
  'drop-once': usage(2269, 37, 2797, 1237),
  'slow-first-token': usage(2311, 39, 2887, 1319),
  endless: usage(2417, 1, 2999, 1429),
  weather: usage(2503, 41, 3001, 1531),
  'parallel-tools': usage(2609, 67, 3109, 1637),
  'tool-errors': usage(2719, 83, 3217, 1741),
  'tool-loop': usage(2801, 29, 3323, 1847),
  'slow-tool': usage(2903, 23, 3433, 1951),
  'thinking-tool': usage(3011, 97, 3541, 2063),
  'pause-turn': usage(3109, 53, 3659, 2179),
  citations: usage(3203, 31, 3761, 2281),
  'mcp-tool': usage(3301, 27, 3863, 2383),
} satisfies Record<string, WireUsage>;

/**
 * Usage of the second request of the multi-request scenarios: the tool follow-up (the echo
 * answer), or for `pause-turn` the continuation. `tool-loop` reports SCENARIO_USAGE['tool-loop']
 * on every call.
 */
export const SCENARIO_FOLLOW_UP_USAGE = {
  weather: usage(2557, 59, 3011, 1543),
  'parallel-tools': usage(2663, 79, 3119, 1657),
  'tool-errors': usage(2777, 113, 3229, 1753),
  'slow-tool': usage(2957, 37, 3449, 1973),
  'thinking-tool': usage(3067, 61, 3557, 2087),
  'pause-turn': usage(3163, 47, 3671, 2203),
  'mcp-tool': usage(3359, 41, 3877, 2399),
} satisfies Record<string, WireUsage>;

// ---------------------------------------------------------------------------------------------
// Plans

export type StreamStep = { event: WireEvent; delayMs: number };

export type ErrorPlan = {
  kind: 'error';
  status: number;
  errorType: string;
  message: string;
  /** Seconds, sent as the `retry-after` header. */
  retryAfter?: number;
};

export type StreamPlan = {
  kind: 'stream';
  usage: WireUsage;
  /** All events including message_start and ping. May be endless (a generator). */
  steps: Iterable<StreamStep>;
  /**
   * What happens after the last step: `complete` ends the response normally; `error` ends it too,
   * but the last step was an `error` event; `drop` destroys the socket.
   */
  ending: 'complete' | 'error' | 'drop';
  /** The non-stream equivalent of a mid-stream `error` event. */
  nonStreamError?: ErrorPlan;
  /** Never ends by itself (until the safety cap); refused without `stream: true`. */
  endless?: boolean;
  /** Non-stream responses wait this long (streams ignore it; the delay is in the steps). */
  nonStreamDelayMs?: number;
};

export type FixturePlan = { kind: 'fixture'; file: string; pace: number };

export type Plan = ErrorPlan | StreamPlan | FixturePlan;

export type PlanContext = {
  directives: Directives;
  model: string;
  messageId: string;
  /** Returns a fresh id with the given prefix (the server passes a crypto-random one). */
  newId: (prefix: string) => string;
  /** The lifetime the request's `cache_control` asks for: its cache writes are reported under it. */
  cacheTtl?: '5m' | '1h';
  /** The request's messages, summarised (readConversation). Missing: a first call with one user message. */
  conversation?: Conversation;
  /** The names of the tools the request offers. */
  tools?: readonly string[];
};

function invalid(message: string): ErrorPlan {
  return { kind: 'error', status: 400, errorType: 'invalid_request_error', message };
}

/** Paces every content_block_delta; everything else goes out right after the previous event. */
function paced(events: readonly WireEvent[], pace: number): StreamStep[] {
  return events.map((event) => ({ event, delayMs: event.type === 'content_block_delta' ? pace : 0 }));
}

/** Usage with the cache writes broken down by lifetime, as the real API reports them in message_start: all at the lifetime asked for. */
export function withCacheBreakdown(u: WireUsage, cacheTtl: PlanContext['cacheTtl']): WireUsage {
  const oneHour = cacheTtl === '1h' ? u.cache_creation_input_tokens : 0;
  return { ...u, cache_creation: { ephemeral_5m_input_tokens: u.cache_creation_input_tokens - oneHour, ephemeral_1h_input_tokens: oneHour } };
}

function head(ctx: PlanContext, u: WireUsage): StreamStep[] {
  return [
    { event: messageStartEvent({ id: ctx.messageId, model: ctx.model, usage: withCacheBreakdown(u, ctx.cacheTtl) }), delayMs: 0 },
    { event: { type: 'ping' }, delayMs: 0 },
  ];
}

function textPlan(ctx: PlanContext, deltas: string[], u: WireUsage, stopReason = 'end_turn'): StreamPlan {
  const pace = ctx.directives.pace ?? DEFAULT_PACE_MS;
  return {
    kind: 'stream',
    usage: u,
    steps: [...head(ctx, u), ...paced([...textBlockEvents(0, deltas), ...messageEndEvents(stopReason, u)], pace)],
    ending: 'complete',
  };
}

function partialPlan(ctx: PlanContext, text: string, u: WireUsage): StreamStep[] {
  const pace = ctx.directives.pace ?? DEFAULT_PACE_MS;
  const block = textBlockEvents(0, splitIntoDeltas(text, 2));
  // The block never completes: no content_block_stop, no message_delta, no message_stop.
  return [...head(ctx, u), ...paced(block.slice(0, -1), pace)];
}

function* endlessSteps(ctx: PlanContext, u: WireUsage, pace: number): Generator<StreamStep> {
  yield* head(ctx, u);
  yield { event: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, delayMs: 0 };
  const ticks = Math.ceil(ENDLESS_CAP_MS / Math.max(pace, 1));
  for (let n = 1; n <= ticks; n++) {
    yield {
      event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `${ENDLESS_TEXT_PREFIX}${n} ` } },
      delayMs: Math.max(pace, 1),
    };
  }
  yield { event: { type: 'content_block_stop', index: 0 }, delayMs: 0 };
  for (const event of messageEndEvents('end_turn', { ...u, output_tokens: ticks })) yield { event, delayMs: 0 };
}

/** Paces content deltas: `input_json_delta` by `inputPace`, the others by `pace`; everything else goes out right away. */
function pacedMixed(events: readonly WireEvent[], pace: number, inputPace: number): StreamStep[] {
  return events.map((event) => {
    if (event.type !== 'content_block_delta') return { event, delayMs: 0 };
    const delta = event.delta;
    return { event, delayMs: isRecord(delta) && delta.type === 'input_json_delta' ? inputPace : pace };
  });
}

/** A content block whose input streams as input_json_delta pieces (tool_use or server_tool_use). */
function inputBlockEvents(index: number, block: Record<string, unknown>, input: unknown, pieces: number): WireEvent[] {
  return [
    { type: 'content_block_start', index, content_block: { ...block, input: {} } },
    ...jsonPieces(JSON.stringify(input), pieces).map((partial_json) => ({
      type: 'content_block_delta',
      index,
      delta: { type: 'input_json_delta', partial_json },
    })),
    { type: 'content_block_stop', index },
  ];
}

function thinkingBlockEvents(index: number, thinking: string, signature: string): WireEvent[] {
  return [
    { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
    ...splitIntoDeltas(thinking, 3).map((piece) => ({
      type: 'content_block_delta',
      index,
      delta: { type: 'thinking_delta', thinking: piece },
    })),
    { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } },
    { type: 'content_block_stop', index },
  ];
}

/** A text block that starts with one citations_delta (the way the real API streams cited text). */
function citedTextBlockEvents(index: number, citation: unknown, deltas: readonly string[]): WireEvent[] {
  return [
    { type: 'content_block_start', index, content_block: { citations: [], type: 'text', text: '' } },
    { type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } },
    ...deltas.map((text) => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } })),
    { type: 'content_block_stop', index },
  ];
}

function blocksPlan(ctx: PlanContext, blocks: readonly WireEvent[], stopReason: string, u: WireUsage, inputPace: number): StreamPlan {
  const pace = ctx.directives.pace ?? DEFAULT_PACE_MS;
  return {
    kind: 'stream',
    usage: u,
    steps: [...head(ctx, u), ...pacedMixed([...blocks, ...messageEndEvents(stopReason, u)], pace, inputPace)],
    ending: 'complete',
  };
}

/** An optional thinking block, an optional text block, then one tool_use block per call; stop_reason tool_use. */
function toolCallsPlan(
  ctx: PlanContext,
  calls: readonly ToolCall[],
  u: WireUsage,
  opts: { text?: string; thinking?: { text: string; signature: string }; inputPace?: number; pieces?: number } = {},
): StreamPlan {
  const blocks: WireEvent[] = [];
  let index = 0;
  if (opts.thinking) blocks.push(...thinkingBlockEvents(index++, opts.thinking.text, opts.thinking.signature));
  if (opts.text !== undefined) blocks.push(...textBlockEvents(index++, splitIntoDeltas(opts.text)));
  for (const call of calls) {
    const block = { type: 'tool_use', id: ctx.newId('toolu_'), name: call.name };
    blocks.push(...inputBlockEvents(index++, block, call.input, opts.pieces ?? 4));
  }
  const inputPace = opts.inputPace ?? ctx.directives.inputPace ?? ctx.directives.pace ?? DEFAULT_PACE_MS;
  return blocksPlan(ctx, blocks, 'tool_use', u, inputPace);
}

/** Whether the first block of `message` is the `thinking-tool` thinking block, unmodified. */
function hasThinkingToolBlock(message: unknown): boolean {
  if (!isRecord(message) || message.role !== 'assistant' || !Array.isArray(message.content)) return false;
  const first: unknown = message.content[0];
  return (
    isRecord(first) &&
    first.type === 'thinking' &&
    first.thinking === THINKING_TOOL_TEXT &&
    first.signature === THINKING_TOOL_SIGNATURE
  );
}

/** The text with `marker` as its first word and, after a blank line, its last one (unchanged without a marker). */
export function withMarker(text: string, marker: string | undefined): string {
  return marker ? `${marker} ${text}\n\n${marker}` : text;
}

/**
 * Turns a request into a plan. `seenNonce` reports (and remembers) whether a nonce has been seen
 * before; only `rate-limit-then-ok`, `overloaded-once` and `drop-once` call it.
 */
export function buildPlan(ctx: PlanContext, seenNonce: () => boolean): Plan {
  const d = ctx.directives;
  const name = d.scenario ?? (d.fixture ? 'fixture' : 'text');
  if (!isScenarioName(name)) {
    return invalid(`fake-anthropic: unknown scenario "${name}". Known scenarios: ${SCENARIO_NAMES.join(', ')}`);
  }
  const pace = d.pace ?? DEFAULT_PACE_MS;

  const conversation = ctx.conversation ?? readConversation([]);
  // As the real API does.
  if (conversation.prefill !== undefined && !takesPrefill(ctx.model)) {
    return invalid('This model does not support assistant message prefill. The conversation must end with a user message.');
  }
  if (conversation.prefill !== undefined && conversation.prefill.trimEnd() !== conversation.prefill) {
    return invalid('messages: final assistant content cannot end with trailing whitespace');
  }
  const followUp = conversation.toolResults.length > 0;
  const echo = (key: keyof typeof SCENARIO_FOLLOW_UP_USAGE): StreamPlan =>
    textPlan(ctx, splitIntoDeltas(toolEchoText(conversation.toolResults)), SCENARIO_FOLLOW_UP_USAGE[key]);

  switch (name) {
    case 'text':
      return textPlan(ctx, splitIntoDeltas(TEXT_ANSWER), SCENARIO_USAGE.text);

    case 'paced': {
      // Asked to continue the start of its own text (prefilled, or told to), it writes the rest.
      const whole = withMarker(pacedText(d.words ?? DEFAULT_PACED_WORDS), d.marker);
      const text = conversation.continues && whole.startsWith(conversation.continues) ? whole.slice(conversation.continues.length) : whole;
      return textPlan(ctx, splitIntoDeltas(text), { ...SCENARIO_USAGE.paced, output_tokens: estimateTokens(text) });
    }

    case 'unicode':
      return textPlan(ctx, splitIrregular(UNICODE_TEXT), SCENARIO_USAGE.unicode);

    case 'markdown': {
      const text = withMarker(markdownText(d.words), d.marker);
      return textPlan(ctx, splitIntoDeltas(text), { ...SCENARIO_USAGE.markdown, output_tokens: estimateTokens(text) });
    }

    case 'html':
      return textPlan(ctx, splitIntoDeltas(HTML_TEXT), SCENARIO_USAGE.html);

    case 'math': {
      const text = withMarker(MATH_TEXT, d.marker);
      return textPlan(ctx, splitIntoDeltas(text), { ...SCENARIO_USAGE.math, output_tokens: estimateTokens(text) });
    }

    case 'max-tokens':
      return textPlan(ctx, splitIntoDeltas(MAX_TOKENS_TEXT), SCENARIO_USAGE['max-tokens'], 'max_tokens');

    case 'tool-use': {
      const u = SCENARIO_USAGE['tool-use'];
      const toolEvents: WireEvent[] = [
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: ctx.newId('toolu_'), name: TOOL_USE_NAME, input: {} },
        },
        ...toolInputPieces().map((partial_json) => ({
          type: 'content_block_delta',
          index: 1,
          delta: { type: 'input_json_delta', partial_json },
        })),
        { type: 'content_block_stop', index: 1 },
      ];
      return {
        kind: 'stream',
        usage: u,
        steps: [
          ...head(ctx, u),
          ...paced([...textBlockEvents(0, splitIntoDeltas(TOOL_USE_TEXT)), ...toolEvents, ...messageEndEvents('tool_use', u)], pace),
        ],
        ending: 'complete',
      };
    }

    case 'thinking': {
      const u = SCENARIO_USAGE.thinking;
      const thinkingEvents = thinkingBlockEvents(0, THINKING_TEXT, THINKING_SIGNATURE);
      return {
        kind: 'stream',
        usage: u,
        steps: [
          ...head(ctx, u),
          ...paced([...thinkingEvents, ...textBlockEvents(1, splitIntoDeltas(THINKING_ANSWER)), ...messageEndEvents('end_turn', u)], pace),
        ],
        ending: 'complete',
      };
    }

    case 'overloaded-once':
    case 'drop-once':
      // The first attempt for a nonce fails midway, every later one streams the text answer.
      if (seenNonce()) return textPlan(ctx, splitIntoDeltas(TEXT_ANSWER), SCENARIO_USAGE[name]);
      return buildPlan({ ...ctx, directives: { ...d, scenario: name === 'drop-once' ? 'drop' : 'overloaded-midstream' } }, () => true);

    case 'overloaded-midstream': {
      const u = SCENARIO_USAGE['overloaded-midstream'];
      return {
        kind: 'stream',
        usage: u,
        steps: [
          ...partialPlan(ctx, OVERLOADED_MIDSTREAM_TEXT, u),
          { event: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, delayMs: pace },
        ],
        ending: 'error',
        nonStreamError: { kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded', retryAfter: 1 },
      };
    }

    case 'drop': {
      const u = SCENARIO_USAGE.drop;
      return { kind: 'stream', usage: u, steps: partialPlan(ctx, DROP_TEXT, u), ending: 'drop' };
    }

    case 'unauthorized':
      return { kind: 'error', status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' };

    case 'forbidden':
      return {
        kind: 'error',
        status: 403,
        errorType: 'permission_error',
        message: 'Your API key does not have permission to use the specified resource.',
      };

    case 'rate-limited':
      return {
        kind: 'error',
        status: 429,
        errorType: 'rate_limit_error',
        message: 'Number of request tokens has exceeded your per-minute rate limit',
        retryAfter: d.retryAfter ?? DEFAULT_RATE_LIMIT_RETRY_AFTER_S,
      };

    case 'rate-limit-then-ok':
      if (!seenNonce()) {
        return {
          kind: 'error',
          status: 429,
          errorType: 'rate_limit_error',
          message: 'Number of request tokens has exceeded your per-minute rate limit',
          retryAfter: d.retryAfter ?? 1,
        };
      }
      return textPlan(ctx, splitIntoDeltas(TEXT_ANSWER), SCENARIO_USAGE['rate-limit-then-ok']);

    case 'overloaded':
      return { kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded', retryAfter: 1 };

    case 'bad-request':
      return {
        kind: 'error',
        status: 400,
        errorType: 'invalid_request_error',
        message: 'messages.0.content: text content blocks must be non-empty',
      };

    case 'slow-first-token': {
      const u = SCENARIO_USAGE['slow-first-token'];
      const delay = d.delay ?? DEFAULT_FIRST_TOKEN_DELAY_MS;
      const steps = textPlan(ctx, splitIntoDeltas(TEXT_ANSWER), u).steps as StreamStep[];
      const first = steps.findIndex((s) => s.event.type === 'content_block_delta');
      const firstStep = steps[first];
      if (firstStep) steps[first] = { ...firstStep, delayMs: delay };
      return { kind: 'stream', usage: u, steps, ending: 'complete', nonStreamDelayMs: delay };
    }

    case 'endless': {
      const u = SCENARIO_USAGE.endless;
      return {
        kind: 'stream',
        usage: u,
        steps: endlessSteps(ctx, u, d.pace ?? DEFAULT_ENDLESS_PACE_MS),
        ending: 'complete',
        endless: true,
      };
    }

    case 'weather':
      if (followUp) return echo('weather');
      return toolCallsPlan(ctx, SCENARIO_TOOL_CALLS.weather, SCENARIO_USAGE.weather, {
        text: WEATHER_TEXT,
        inputPace: d.inputPace ?? DEFAULT_INPUT_PACE_MS,
        pieces: 8,
      });

    case 'parallel-tools':
    case 'tool-errors':
    case 'slow-tool':
      if (followUp) return echo(name);
      return toolCallsPlan(ctx, SCENARIO_TOOL_CALLS[name], SCENARIO_USAGE[name]);

    case 'mcp-tool': {
      if (followUp) return echo('mcp-tool');
      const wanted = d.tool ?? '';
      const offered = ctx.tools?.find((tool) => tool === wanted || tool.endsWith(`__${wanted}`));
      if (!offered) return textPlan(ctx, splitIntoDeltas(mcpToolMissingText(wanted)), SCENARIO_USAGE['mcp-tool']);
      let input: unknown;
      try {
        input = JSON.parse(d.input ?? '{}');
      } catch {
        return invalid(`fake-anthropic: [[input:${d.input}]] is not JSON`);
      }
      if (!isRecord(input)) return invalid('fake-anthropic: [[input:…]] must be a JSON object');
      return toolCallsPlan(ctx, [{ name: offered, input }], SCENARIO_USAGE['mcp-tool'], { text: MCP_TOOL_TEXT });
    }

    case 'tool-loop':
      return toolCallsPlan(ctx, SCENARIO_TOOL_CALLS['tool-loop'], SCENARIO_USAGE['tool-loop'], {
        text: toolLoopText(conversation.step),
      });

    case 'thinking-tool': {
      if (followUp) {
        const index = conversation.finalUserIndex - 1;
        if (!hasThinkingToolBlock(conversation.messages[index])) return invalid(thinkingToolRejection(Math.max(0, index)));
        return echo('thinking-tool');
      }
      return toolCallsPlan(ctx, SCENARIO_TOOL_CALLS['thinking-tool'], SCENARIO_USAGE['thinking-tool'], {
        thinking: { text: THINKING_TOOL_TEXT, signature: THINKING_TOOL_SIGNATURE },
      });
    }

    case 'pause-turn': {
      if (conversation.lastMessageRole === 'assistant') {
        const u = SCENARIO_FOLLOW_UP_USAGE['pause-turn'];
        return blocksPlan(ctx, citedTextBlockEvents(0, PAUSE_TURN_CITATION, splitIntoDeltas(PAUSE_TURN_ANSWER)), 'end_turn', u, pace);
      }
      const u = SCENARIO_USAGE['pause-turn'];
      const id = ctx.newId('srvtoolu_');
      const blocks: WireEvent[] = [
        ...inputBlockEvents(0, { type: 'server_tool_use', id, name: 'web_search' }, PAUSE_TURN_SEARCH_INPUT, 4),
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'web_search_tool_result', tool_use_id: id, content: structuredClone(PAUSE_TURN_SEARCH_RESULTS) },
        },
        { type: 'content_block_stop', index: 1 },
      ];
      return blocksPlan(ctx, blocks, 'pause_turn', u, d.inputPace ?? pace);
    }

    case 'citations': {
      const [before = '', cited = '', after = ''] = CITATIONS_TEXTS;
      const blocks: WireEvent[] = [
        ...textBlockEvents(0, splitIntoDeltas(before)),
        ...citedTextBlockEvents(1, CITATIONS_CITATION, splitIntoDeltas(cited)),
        ...textBlockEvents(2, splitIntoDeltas(after)),
      ];
      return blocksPlan(ctx, blocks, 'end_turn', SCENARIO_USAGE.citations, pace);
    }

    case 'fixture': {
      const file = d.fixture;
      if (!file) return invalid('fake-anthropic: scenario "fixture" needs a [[fixture:FILE]] directive');
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(file) || file.includes('..')) {
        return invalid(`fake-anthropic: invalid fixture name "${file}" (no slashes or "..")`);
      }
      return { kind: 'fixture', file, pace: d.pace ?? DEFAULT_FIXTURE_PACE_MS };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generic wire helpers (fixture replay and non-stream responses)

/** Splits an SSE body into events on blank lines; each piece keeps its trailing "\n\n", so joining them gives the input back byte for byte. */
export function splitSseEvents(body: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i + 1 < body.length; i++) {
    if (body[i] === 0x0a && body[i + 1] === 0x0a) {
      // Swallow any extra blank lines into this chunk.
      let end = i + 2;
      while (end < body.length && body[end] === 0x0a) end++;
      chunks.push(body.subarray(start, end));
      start = end;
      i = end - 1;
    }
  }
  if (start < body.length) chunks.push(body.subarray(start));
  return chunks;
}

/** Parses one SSE event (`event:`/`data:` lines) into its name and JSON payload (undefined when not JSON). */
export function parseSseEvent(text: string): { event: string | null; data: unknown } {
  let event: string | null = null;
  const data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon);
    const value = line.slice(line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  let parsed: unknown;
  try {
    parsed = data.length ? JSON.parse(data.join('\n')) : undefined;
  } catch {
    parsed = undefined;
  }
  return { event, data: parsed };
}

/** Applies the usage found in a message_start or message_delta payload to `current` (message_delta usage is cumulative). */
export function applyUsage(current: WireUsage | undefined, payload: unknown): WireUsage | undefined {
  if (!isRecord(payload)) return current;
  let raw: unknown;
  if (payload.type === 'message_start' && isRecord(payload.message)) raw = payload.message.usage;
  else if (payload.type === 'message_delta') raw = payload.usage;
  if (!isRecord(raw)) return current;
  const next: WireUsage = current
    ? { ...current }
    : { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
    const value = raw[key];
    if (typeof value === 'number') next[key] = value;
  }
  return next;
}

/** Builds the non-streaming Message a sequence of stream events adds up to. */
export function accumulateMessage(events: Iterable<WireEvent | unknown>): Record<string, unknown> | undefined {
  let message: Record<string, unknown> | undefined;
  const content: Record<string, unknown>[] = [];
  const partialJson = new Map<number, string>();
  for (const event of events) {
    if (!isRecord(event)) continue;
    if (event.type === 'message_start' && isRecord(event.message)) {
      message = { ...event.message };
      content.length = 0;
      partialJson.clear();
    } else if (!message) {
      continue;
    } else if (event.type === 'content_block_start' && typeof event.index === 'number' && isRecord(event.content_block)) {
      content[event.index] = { ...event.content_block };
    } else if (event.type === 'content_block_delta' && typeof event.index === 'number' && isRecord(event.delta)) {
      const block = content[event.index];
      const delta = event.delta;
      if (!block) continue;
      if (delta.type === 'text_delta') block.text = String(block.text ?? '') + String(delta.text ?? '');
      else if (delta.type === 'thinking_delta') block.thinking = String(block.thinking ?? '') + String(delta.thinking ?? '');
      else if (delta.type === 'signature_delta') block.signature = delta.signature;
      else if (delta.type === 'citations_delta') block.citations = [...(Array.isArray(block.citations) ? block.citations : []), delta.citation];
      else if (delta.type === 'input_json_delta') {
        partialJson.set(event.index, (partialJson.get(event.index) ?? '') + String(delta.partial_json ?? ''));
      }
    } else if (event.type === 'content_block_stop' && typeof event.index === 'number') {
      const json = partialJson.get(event.index);
      const block = content[event.index];
      if (block && json !== undefined) {
        try {
          block.input = json.trim() ? JSON.parse(json) : {};
        } catch {
          // Leave the input as it started.
        }
      }
    } else if (event.type === 'message_delta') {
      if (isRecord(event.delta)) {
        for (const [key, value] of Object.entries(event.delta)) message[key] = value;
      }
      message.usage = { ...(isRecord(message.usage) ? message.usage : {}), ...(isRecord(event.usage) ? event.usage : {}) };
    }
  }
  if (message) message.content = content.filter(Boolean);
  return message;
}
