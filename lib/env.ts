import 'server-only';
import { z } from 'zod';

// Empty strings in .env files mean "unset", not "set to nothing".
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), z.coerce.number().int().min(min).max(max));

const envSchema = z.object({
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  ANTHROPIC_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('claude-sonnet-5-5')),
  /** The small model that names conversations after their first message. */
  RILL_TITLE_MODEL: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('claude-haiku-5-5')),
  /** A Postgres server shared by every instance; without it Rill keeps an embedded PGlite database. */
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  /** Signs the anonymous identity cookie; required with DATABASE_URL, generated into the data folder otherwise. */
  AUTH_SECRET: optionalString,
  /** Where the embedded database and the generated secret live. */
  RILL_DATA_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('.data')),
  /** When set, every page and API call first asks for this password: the owner's key is not open to the world. */
  APP_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(8, 'use at least 8 characters').optional()),
  /** Extra origins allowed to POST to the API (comma-separated), e.g. when a proxy rewrites the Host header. */
  RILL_ALLOWED_ORIGINS: z
    .preprocess((v) => (typeof v === 'string' ? v : ''), z.string())
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Redis shared by every instance, for rate limits; without it they are kept in memory per instance. */
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional()),
  /** Messages one browser (anonymous owner) may send per minute. */
  RILL_RATE_LIMIT_PER_USER: integer(20, 1, 1_000_000),
  /** Requests one IP address may make per minute to endpoints that cost money or guess passwords. */
  RILL_RATE_LIMIT_PER_IP: integer(60, 1, 1_000_000),
  /** Upper bound on `max_tokens` that any request may ask for. */
  RILL_MAX_OUTPUT_TOKENS: integer(16_384, 1, 256_000),
  /** Concurrent upstream streams per server instance; requests beyond it queue. */
  RILL_MAX_CONCURRENT_STREAMS: integer(64, 1, 10_000),
  /** How long a queued request waits for a free stream slot before it gets a 503. */
  RILL_QUEUE_TIMEOUT_MS: integer(10_000, 0, 600_000),
  /** Retries the Anthropic SDK makes for 429, 529, 5xx and connection errors. */
  RILL_UPSTREAM_MAX_RETRIES: integer(2, 0, 10),
  /** Milliseconds the SDK waits on one upstream request before giving up. */
  RILL_UPSTREAM_TIMEOUT_MS: integer(600_000, 1_000, 3_600_000),
  /** Overrides every model's context window (tokens), for models the built-in table does not know. */
  RILL_CONTEXT_WINDOW_TOKENS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(100).optional()),
  /** Retries of a step that fails midway (overload, dropped connection), per answer. */
  RILL_STREAM_RETRIES: integer(2, 0, 10),
  /** Delay before the first such retry, in milliseconds; it doubles with each further one. */
  RILL_STREAM_RETRY_DELAY_MS: integer(500, 0, 60_000),
  /** Most model calls in one answer: each tool round trip is one more step. */
  RILL_MAX_STEPS: integer(8, 1, 50),
  /** Open-Meteo endpoints for the weather tool (overridden in tests with a local fake). */
  OPEN_METEO_GEOCODING_URL: z.url().default('https://geocoding-api.open-meteo.com'),
  OPEN_METEO_FORECAST_URL: z.url().default('https://api.open-meteo.com'),
  /**
   * Comma-separated `host:port` pairs that network tools may reach even though they resolve
   * to private addresses. Empty in production; tests list their local fakes here.
   */
  RILL_TOOLS_ALLOW_PRIVATE_HOSTS: z
    .preprocess((v) => (typeof v === 'string' ? v : ''), z.string())
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)),
  /** Delay between deltas of the offline demo model, so it streams like Claude. */
  RILL_DEMO_DELTA_MS: integer(18, 0, 1_000),
});

export type Env = z.infer<typeof envSchema>;

function parseEnv(): Env {
  const result = envSchema.safeParse(process.env);
  if (!result.success) {
    // Name the variables, never echo their values: one of them may be a secret.
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

export const env: Env = parseEnv();
