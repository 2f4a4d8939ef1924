// Model catalogue shared by server and browser: the built-in list used when the Models API
// is unavailable, and list prices for cost estimates (USD per million tokens).

export const DEMO_MODEL_ID = 'rill-demo';

export type ModelOption = { id: string; label: string };

export const BUILT_IN_MODELS: readonly ModelOption[] = [
  { id: 'claude-opus-5-5', label: 'Claude Opus 5.5' },
  { id: 'claude-sonnet-5-5', label: 'Claude Sonnet 5.5' },
  { id: 'claude-haiku-5-5', label: 'Claude Haiku 5.5' },
  { id: 'claude-fable-5-1', label: 'Claude Fable 5.1' },
  { id: 'claude-opus-5', label: 'Claude Opus 5' },
  { id: 'claude-sonnet-5', label: 'Claude Sonnet 5' },
];

export const DEMO_MODEL: ModelOption = { id: DEMO_MODEL_ID, label: 'Rill demo model (offline, not Claude)' };

/**
 * How a model thinks: `always` (adaptive thinking that cannot be turned off), `adaptive`
 * (on or off; the model decides how long), `budget` (on or off, with a token budget), `none`.
 */
export type ThinkingSupport = 'always' | 'adaptive' | 'budget' | 'none';

const THINKING: Record<string, ThinkingSupport> = {
  'claude-fable-5-1': 'always',
  'claude-fable-5': 'always',
  'claude-opus-5-5': 'always',
  'claude-opus-5': 'adaptive',
  'claude-sonnet-5-5': 'adaptive',
  'claude-sonnet-5': 'adaptive',
  'claude-haiku-5-5': 'adaptive',
  'claude-opus-4-8': 'budget',
  'claude-opus-4-7': 'budget',
  'claude-opus-4-6': 'budget',
  'claude-opus-4-5': 'budget',
  'claude-sonnet-4-6': 'budget',
  'claude-sonnet-4-5': 'budget',
  'claude-haiku-4-5': 'budget',
  [DEMO_MODEL_ID]: 'budget',
};

export function thinkingSupport(model: string): ThinkingSupport {
  return lookup(THINKING, model) ?? 'none';
}

/** How much effort Claude puts into an answer (`output_config.effort`), least to most. */
export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORT_LEVELS)[number];

const UP_TO_MAX: readonly Effort[] = ['low', 'medium', 'high', 'max'];
const UP_TO_HIGH: readonly Effort[] = ['low', 'medium', 'high'];

// The API refuses a level the model does not take; a model left out takes no effort setting.
const EFFORTS: Record<string, readonly Effort[]> = {
  'claude-fable-5-1': EFFORT_LEVELS,
  'claude-fable-5': EFFORT_LEVELS,
  'claude-opus-5-5': EFFORT_LEVELS,
  'claude-opus-5': EFFORT_LEVELS,
  'claude-sonnet-5-5': EFFORT_LEVELS,
  'claude-sonnet-5': EFFORT_LEVELS,
  'claude-opus-4-8': EFFORT_LEVELS,
  'claude-opus-4-7': EFFORT_LEVELS,
  'claude-opus-4-6': UP_TO_MAX,
  'claude-sonnet-4-6': UP_TO_MAX,
  'claude-opus-4-5': UP_TO_HIGH,
  [DEMO_MODEL_ID]: UP_TO_HIGH,
};

/** The effort levels a model takes, least to most; none for a model without the setting. */
export function effortLevels(model: string): readonly Effort[] {
  return lookup(EFFORTS, model) ?? [];
}

/** How long a prompt-cache entry lives: Anthropic's default five minutes, or an hour at a higher write price. */
export const CACHE_TTLS = ['5m', '1h'] as const;
export type CacheTtl = (typeof CACHE_TTLS)[number];

const CONTEXT_WINDOWS: Record<string, number> = {
  'claude-fable-5-1': 1_000_000,
  'claude-fable-5': 1_000_000,
  'claude-opus-5-5': 1_000_000,
  'claude-opus-5': 1_000_000,
  'claude-sonnet-5-5': 1_000_000,
  'claude-sonnet-5': 1_000_000,
  'claude-haiku-5-5': 1_000_000,
};

/** Tokens of context a model takes: 1M on the 5.x models, 200K on earlier ones and unknown models. */
// Claude 4.6 and every later model refuse a prefill (a request that ends with the assistant's
// turn); the earlier ones, listed here, take one.
const TAKES_PREFILL: Record<string, true> = {
  'claude-opus-4-5': true,
  'claude-sonnet-4-5': true,
  'claude-haiku-4-5': true,
  'claude-opus-4-1': true,
  'claude-opus-4-0': true,
  'claude-sonnet-4-0': true,
  'claude-3-7-sonnet': true,
  'claude-3-5-haiku': true,
  'claude-3-haiku': true,
};

/** Whether the model goes on from a prefilled answer; unknown models are taken for new ones, which do not. */
export function takesPrefill(model: string): boolean {
  return lookup(TAKES_PREFILL, model) ?? false;
}

export function contextWindow(model: string): number {
  return lookup(CONTEXT_WINDOWS, model) ?? 200_000;
}

/** What a model can read besides text. */
export type AttachmentSupport = { images: boolean; pdfs: boolean };

// Every current model reads images and PDFs; the exceptions are listed. Claude 3 Haiku predates PDF support.
const ATTACHMENT_EXCEPTIONS: Record<string, AttachmentSupport> = {
  'claude-3-haiku': { images: true, pdfs: false },
};

export function attachmentSupport(model: string): AttachmentSupport {
  return lookup(ATTACHMENT_EXCEPTIONS, model) ?? { images: true, pdfs: true };
}

export const THINKING_BUDGETS = [2_048, 8_192, 16_384, 32_768] as const;

export type ModelPrice = {
  input: number;
  output: number;
  /** A write to the 5-minute cache. */
  cacheWrite: number;
  /** A write to the 1-hour cache. */
  cacheWrite1h: number;
  cacheRead: number;
};

/** On every current model, prompt-cache writes cost 1.25× input (5-minute TTL) or 2× (1-hour), and reads 0.1×. */
function price(input: number, output: number): ModelPrice {
  return { input, output, cacheWrite: input * 1.25, cacheWrite1h: input * 2, cacheRead: input * 0.1 };
}

const PRICES: Record<string, ModelPrice> = {
  'claude-fable-5-1': price(10, 50),
  'claude-fable-5': price(10, 50),
  'claude-opus-5-5': price(4, 20),
  'claude-opus-5': price(5, 25),
  'claude-sonnet-5-5': price(2, 10),
  'claude-sonnet-5': price(2, 10),
  'claude-haiku-5-5': price(0.1, 0.5),
  'claude-opus-4-8': price(5, 25),
  'claude-opus-4-7': price(5, 25),
  'claude-opus-4-6': price(5, 25),
  'claude-opus-4-5': price(5, 25),
  'claude-sonnet-4-6': price(3, 15),
  'claude-sonnet-4-5': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  [DEMO_MODEL_ID]: price(0, 0),
};

export function priceFor(model: string): ModelPrice | undefined {
  return lookup(PRICES, model);
}

/** The dearest price of each kind: a budget counts a model without a known price at this, never as free. */
export const HIGHEST_PRICE: ModelPrice = {
  input: highest('input'),
  output: highest('output'),
  cacheWrite: highest('cacheWrite'),
  cacheWrite1h: highest('cacheWrite1h'),
  cacheRead: highest('cacheRead'),
};

function highest(kind: keyof ModelPrice): number {
  return Math.max(...Object.values(PRICES).map((price) => price[kind]));
}

/** Web search is billed per search on top of its tokens ($10 per 1,000); web fetch costs only tokens. */
export const WEB_SEARCH_USD = 10 / 1_000;

/** Finds a model in a table, matching dated snapshots (`claude-sonnet-4-5-20250929`) to their alias. */
function lookup<T>(table: Record<string, T>, model: string): T | undefined {
  return table[model] ?? table[model.replace(/-\d{8}$/, '')];
}
