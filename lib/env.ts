import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseOperatorMcpConfig, type OperatorMcpConfig } from './mcp/config';
import { parseProxyTrust } from './client-ip/resolve';
import { BUILT_IN_MODELS } from './models';

// Empty strings in .env files mean "unset", not "set to nothing".
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), z.coerce.number().int().min(min).max(max));
const optionalDollars = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(0).max(1_000_000).optional());
const list = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()).transform((v) => v.split(',').map((item) => item.trim()).filter(Boolean));
const flag = z.preprocess((v) => (v === '' || v === undefined ? 'false' : v), z.enum(['true', 'false', '1', '0', 'on', 'off'])).transform((v) => ['true', '1', 'on'].includes(v));

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
  /**
   * Redis shared by every instance, for what they must agree on: rate limits and sign-in waits,
   * the cap on answers running at once, and the answers running now (so that a reload, another
   * tab or Stop may reach any instance). Without it these are kept in memory, per instance.
   * The readiness check fails while it cannot be reached.
   */
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
  /**
   * Where people reach this Rill, e.g. https://chat.example.com. Makes cookies Secure (with the
   * __Host- prefix) and sends HSTS when it is https, and only its host is served (DNS rebinding).
   */
  RILL_PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** More host names this Rill answers to, besides RILL_PUBLIC_URL's (comma-separated). */
  RILL_ALLOWED_HOSTS: list.transform((hosts) => hosts.map((host) => host.toLowerCase())),
  /**
   * Which proxies in front of Rill may say who the client is (X-Forwarded-For): unset trusts
   * none; a number trusts that many hops; otherwise a comma-separated list of addresses, CIDRs
   * or `loopback`, `linklocal`, `uniquelocal`; `vercel` reads Vercel's own header (the default on Vercel).
   */
  RILL_TRUST_PROXY: optionalString.superRefine((value, context) => {
    try {
      parseProxyTrust(value, false);
    } catch (error) {
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a trust setting' });
    }
  }),
  /** New anonymous identities one client address may create per hour. */
  RILL_NEW_IDENTITIES_PER_IP: integer(20, 1, 1_000_000),
  /** New anonymous identities the whole deployment creates per hour. */
  RILL_NEW_IDENTITIES_TOTAL: integer(1_000, 1, 100_000_000),
  /** Sign-in attempts one client address may make per minute (failures also wait longer each time). */
  RILL_LOGINS_PER_IP: integer(10, 1, 1_000_000),
  /** Sign-in attempts the whole deployment takes per minute. */
  RILL_LOGINS_TOTAL: integer(100, 1, 100_000_000),
  /** Days an access session (one sign-in with APP_PASSWORD) lasts. */
  RILL_ACCESS_SESSION_DAYS: integer(30, 1, 400),
  /** The models a request may name (comma-separated); by default the models the picker shows. */
  RILL_MODELS: list.transform((models) => (models.length ? models : BUILT_IN_MODELS.map((model) => model.id))),
  /** Anthropic's web search and web fetch server tools, which are billed per use: off unless turned on. */
  RILL_WEB_TOOLS: flag,
  /** US dollars one identity may spend per day (UTC), at list prices. Unset: no limit. */
  RILL_BUDGET_PER_IDENTITY_USD: optionalDollars,
  /** US dollars the whole deployment may spend per day (UTC), at list prices. Unset: no limit. */
  RILL_BUDGET_TOTAL_USD: optionalDollars,
  /** Answers one identity may have generating at once. */
  RILL_MAX_GENERATIONS_PER_IDENTITY: integer(3, 1, 1_000),
  /** Answers one client address may have generating at once, whatever identities it uses. */
  RILL_MAX_GENERATIONS_PER_IP: integer(10, 1, 1_000_000),
  /** Attachment bytes one identity may keep, in MiB. */
  RILL_ATTACHMENT_QUOTA_PER_IDENTITY_MB: integer(500, 1, 10_000_000),
  /** Attachment bytes the whole deployment may keep, in MiB. */
  RILL_ATTACHMENT_QUOTA_TOTAL_MB: integer(20_000, 1, 1_000_000_000),
  /**
   * MiB of attached files the turns running on this instance may hold at once: a turn with files
   * keeps several encoded copies of them in memory while it streams. Turns beyond it wait.
   */
  RILL_ATTACHMENT_MB_IN_FLIGHT: integer(100, 25, 1_000_000),
  /**
   * Where attachment bytes are kept: `disk` (RILL_DATA_DIR/attachments, one instance only),
   * `postgres` (the database, so every instance on it) or `s3` (an S3-compatible bucket).
   * By default the database's own: postgres with DATABASE_URL, disk without.
   */
  RILL_ATTACHMENT_STORE: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['disk', 'postgres', 's3']).optional()),
  /** The bucket, with RILL_ATTACHMENT_STORE=s3. */
  S3_BUCKET: optionalString,
  /** An S3-compatible service's address (R2, MinIO...); AWS S3 when unset. */
  S3_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  S3_REGION: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('us-east-1')),
  /** Both or neither: without them the AWS SDK finds credentials itself (AWS_* variables, a role). */
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Addresses the bucket in the path, not the host name: what most self-hosted services need. */
  S3_FORCE_PATH_STYLE: flag,
  /** Readers one running answer may have at once (tabs and reconnects resuming it). */
  RILL_MAX_READERS_PER_STREAM: integer(8, 1, 1_000),
  /** Delay between deltas of the offline demo model, so it streams like Claude. */
  RILL_DEMO_DELTA_MS: integer(18, 0, 1_000),
  /**
   * Seconds an answer may run before it is saved as interrupted. On Vercel it defaults to just
   * under the chat route's maxDuration (300 s), which would otherwise kill it unsaved.
   */
  RILL_ANSWER_TIME_LIMIT_S: z.preprocess(
    (v) => (v === '' || v === undefined ? (process.env.VERCEL ? 285 : undefined) : v),
    z.coerce.number().int().min(10).max(86_400).optional(),
  ),
  /**
   * Accounts (lib/auth). Email and password sign-in is on when SMTP_URL is set (the address is
   * verified by email first); OpenID Connect when RILL_OIDC_ISSUER is. Either turns accounts on.
   */
  SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional()),
  /** The sender of Rill's emails, e.g. `Rill <rill@example.com>`. */
  RILL_EMAIL_FROM: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('Rill <rill@localhost>')),
  /** An OpenID Connect issuer (its discovery document is at /.well-known/openid-configuration). */
  RILL_OIDC_ISSUER: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  RILL_OIDC_CLIENT_ID: optionalString,
  RILL_OIDC_CLIENT_SECRET: optionalString,
  /** The sign-in button's name for the provider, e.g. `Google` or `Acme SSO`. */
  RILL_OIDC_NAME: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(40).default('Single sign-on')),
  /** Whether people may use Rill without an account once accounts are on (`on` by default). */
  RILL_GUESTS: z.preprocess((v) => (v === '' || v === undefined ? 'on' : v), z.enum(['on', 'off'])).transform((v) => v === 'on'),
  /** Who may have an account: email addresses and `@domain`s (comma-separated). Empty: anyone. */
  RILL_ALLOWED_EMAILS: list.transform((entries) => entries.map((entry) => entry.toLowerCase())),
  /** Accounts that are admins (comma-separated emails). Empty: the first account made is the admin. */
  RILL_ADMIN_EMAILS: list.transform((entries) => entries.map((entry) => entry.toLowerCase())),
  /**
   * MCP servers the operator offers everyone (lib/mcp), as JSON in the `mcpServers` shape of
   * Claude Desktop: remote servers by `url`, and stdio servers by `command`. RILL_MCP_CONFIG names
   * a file holding the same JSON instead.
   */
  RILL_MCP_SERVERS: optionalString,
  RILL_MCP_CONFIG: optionalString,
  /** Whether people may add their own MCP servers in their settings (`on` by default). */
  RILL_MCP_USER_SERVERS: z.preprocess((v) => (v === '' || v === undefined ? 'on' : v), z.enum(['on', 'off'])).transform((v) => v === 'on'),
  /** Milliseconds one MCP tool call may take before Claude gets a timeout error. */
  RILL_MCP_TOOL_TIMEOUT_MS: integer(60_000, 100, 3_600_000),
  /** Milliseconds Rill waits to connect to an MCP server and list its tools. */
  RILL_MCP_CONNECT_TIMEOUT_MS: integer(10_000, 100, 120_000),
  /** Seconds a tool call waits for the person to allow or deny it before it fails. */
  RILL_MCP_APPROVAL_TIMEOUT_S: integer(600, 5, 86_400),
  /** Seconds a stopping instance (SIGTERM) lets running answers finish before it saves them as interrupted. */
  RILL_SHUTDOWN_GRACE_S: integer(20, 0, 3_600),
})
  .superRefine((config, context) => {
    const store = config.RILL_ATTACHMENT_STORE;
    if (store === 's3' && !config.S3_BUCKET) {
      context.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required with RILL_ATTACHMENT_STORE=s3' });
    }
    // A bucket set up but not used would leave files where nobody meant them to be.
    if (store !== 's3' && config.S3_BUCKET) {
      context.addIssue({ code: 'custom', path: ['RILL_ATTACHMENT_STORE'], message: 'set it to s3 to keep attachments in S3_BUCKET (or unset S3_BUCKET)' });
    }
    if (config.RILL_OIDC_ISSUER && !(config.RILL_OIDC_CLIENT_ID && config.RILL_OIDC_CLIENT_SECRET)) {
      context.addIssue({ code: 'custom', path: ['RILL_OIDC_CLIENT_ID'], message: 'set RILL_OIDC_CLIENT_ID and RILL_OIDC_CLIENT_SECRET with RILL_OIDC_ISSUER' });
    }
    if (!config.S3_ACCESS_KEY_ID !== !config.S3_SECRET_ACCESS_KEY) {
      context.addIssue({ code: 'custom', path: ['S3_ACCESS_KEY_ID'], message: 'set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither' });
    }
  })
  .transform((config) => ({
    ...config,
    mcpServers: operatorMcpServers(config.RILL_MCP_SERVERS, config.RILL_MCP_CONFIG),
    RILL_ATTACHMENT_STORE: config.RILL_ATTACHMENT_STORE ?? (config.DATABASE_URL ? ('postgres' as const) : ('disk' as const)),
  }));

export type Env = z.infer<typeof envSchema>;

/** The operator's MCP servers, from RILL_MCP_SERVERS or the file RILL_MCP_CONFIG names (not both). */
function operatorMcpServers(json: string | undefined, file: string | undefined): OperatorMcpConfig['mcpServers'] {
  if (json && file) throw new Error('Invalid environment configuration:\n  RILL_MCP_CONFIG: set RILL_MCP_SERVERS or RILL_MCP_CONFIG, not both');
  if (json) return parseOperatorMcpConfig(json, 'RILL_MCP_SERVERS').mcpServers;
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Invalid environment configuration:\n  RILL_MCP_CONFIG: cannot read ${file}`);
  }
  return parseOperatorMcpConfig(text, file).mcpServers;
}

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
