import { defineConfig } from '@playwright/test';
import {
  E2E_APP_PASSWORD,
  E2E_BUDGET_GENERATIONS_PER_IP,
  E2E_BUDGET_MODELS,
  E2E_BUDGET_PER_IDENTITY_USD,
  E2E_EXPOSED,
  E2E_LIMITED_MESSAGES_PER_MINUTE,
  E2E_SHARED,
  E2E_DEMO_CONTEXT_WINDOW,
  E2E_ADMIN_EMAIL,
  E2E_ALLOWED_EMAILS,
  E2E_MAIL_API,
  E2E_OIDC,
  E2E_PORTS,
  E2E_S3,
  E2E_TEST_API_KEY,
  E2E_MCP_OPERATOR_SERVERS,
  E2E_MCP_TOOL_TIMEOUT_MS,
  FAKE_OPEN_METEO_URL,
} from './e2e/support/config';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const upstream = `http://127.0.0.1:${E2E_PORTS.fakeAnthropic}`;

// The weather tool talks to the local fake of Open-Meteo, which is on a loopback address:
// network tools refuse those unless explicitly allowed.
const toolEnv = {
  // Generous limits by default: the suite sends many messages from one address. The
  // \`limited\` server below uses tight ones to prove they hold.
  RILL_RATE_LIMIT_PER_USER: '100000',
  RILL_RATE_LIMIT_PER_IP: '100000',
  RILL_NEW_IDENTITIES_PER_IP: '100000',
  RILL_NEW_IDENTITIES_TOTAL: '100000',
  RILL_MAX_GENERATIONS_PER_IP: '100000',
  // Long enough that a busy two-core machine still paints the "Reconnecting…" state.
  RILL_STREAM_RETRY_DELAY_MS: '1500',
  OPEN_METEO_GEOCODING_URL: FAKE_OPEN_METEO_URL,
  OPEN_METEO_FORECAST_URL: FAKE_OPEN_METEO_URL,
  RILL_TOOLS_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${E2E_PORTS.fakeOpenMeteo}`,
};

/** One `next start` per configuration, each with a fresh embedded database of its own. */
function nextStart(port: number, env: Record<string, string>, before = '') {
  const dataDir = `.data/e2e-${port}`;
  return {
    command: `rm -rf ${dataDir} && ${before}next start --port ${port} --hostname 127.0.0.1`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { ...toolEnv, RILL_DATA_DIR: dataDir, ...env },
  };
}

// Every test runs against the production build (`next build` runs before Playwright), in
// Debian's Chromium, talking to the fake Anthropic server over real HTTP.
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORTS.app}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `node e2e/fake-anthropic/main.ts --port ${E2E_PORTS.fakeAnthropic}`,
      url: `${upstream}/_health`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: `node e2e/fake-open-meteo/main.ts --port ${E2E_PORTS.fakeOpenMeteo}`,
      url: `${FAKE_OPEN_METEO_URL}/v1/search?name=Paris`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    nextStart(E2E_PORTS.app, {
      ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
      ANTHROPIC_BASE_URL: upstream,
      RILL_UPSTREAM_MAX_RETRIES: '2',
      RILL_WEB_TOOLS: 'true',
      // The load test runs 50 answers at once for one identity.
      RILL_MAX_GENERATIONS_PER_IDENTITY: '1000',
    }),
    // A tiny context window, so two demo exchanges come near it.
    nextStart(E2E_PORTS.demo, { ANTHROPIC_API_KEY: '', RILL_DEMO_DELTA_MS: '10', RILL_CONTEXT_WINDOW_TOKENS: String(E2E_DEMO_CONTEXT_WINDOW) }),
    nextStart(E2E_PORTS.limited, {
      ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
      ANTHROPIC_BASE_URL: upstream,
      RILL_MAX_CONCURRENT_STREAMS: '1',
      RILL_QUEUE_TIMEOUT_MS: '500',
      APP_PASSWORD: E2E_APP_PASSWORD,
      RILL_RATE_LIMIT_PER_USER: String(E2E_LIMITED_MESSAGES_PER_MINUTE),
      RILL_RATE_LIMIT_PER_IP: '1000',
      // The tests act as a trusted proxy here, so the fuzzed sign-ins (each from its own
      // X-Forwarded-For address) do not lock out the other tests' address.
      RILL_TRUST_PROXY: 'loopback',
      RILL_ATTACHMENT_QUOTA_PER_IDENTITY_MB: '1',
    }),
    // Exposed directly: no proxy trusted, every limit tight. Only e2e/exposed.spec.ts uses it.
    nextStart(E2E_PORTS.exposed, {
      ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
      ANTHROPIC_BASE_URL: upstream,
      APP_PASSWORD: E2E_EXPOSED.password,
      RILL_LOGINS_PER_IP: String(E2E_EXPOSED.loginsPerIp),
      RILL_RATE_LIMIT_PER_IP: String(E2E_EXPOSED.requestsPerIp),
      RILL_NEW_IDENTITIES_PER_IP: String(E2E_EXPOSED.newIdentitiesPerIp),
    }),
    nextStart(E2E_PORTS.budget, {
      ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
      ANTHROPIC_BASE_URL: upstream,
      RILL_MODELS: E2E_BUDGET_MODELS.join(','),
      RILL_BUDGET_PER_IDENTITY_USD: String(E2E_BUDGET_PER_IDENTITY_USD),
      RILL_BUDGET_TOTAL_USD: '100',
      RILL_WEB_TOOLS: 'false',
      RILL_MAX_GENERATIONS_PER_IDENTITY: '3',
      RILL_MAX_GENERATIONS_PER_IP: String(E2E_BUDGET_GENERATIONS_PER_IP),
      // The per-address test speaks for an address of its own through X-Forwarded-For.
      RILL_TRUST_PROXY: 'loopback',
    }),
    {
      command: `node e2e/support/s3-server.ts --port ${E2E_PORTS.s3Server}`,
      // s3rver answers an unsigned request with 403: it is up.
      url: `${E2E_S3.endpoint}/`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    // Attachments in a bucket of the local S3-compatible server; only e2e/attachment-stores.spec.ts uses it.
    nextStart(E2E_PORTS.s3, {
      ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
      ANTHROPIC_BASE_URL: upstream,
      RILL_ATTACHMENT_STORE: 's3',
      S3_ENDPOINT: E2E_S3.endpoint,
      S3_BUCKET: E2E_S3.bucket,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: E2E_S3.accessKeyId,
      S3_SECRET_ACCESS_KEY: E2E_S3.secretAccessKey,
    }),
    {
      command: `node node_modules/maildev/dist/bin/maildev.js --smtp ${E2E_PORTS.mailSmtp} --web ${E2E_PORTS.mailApi} --ip 127.0.0.1 --web-ip 127.0.0.1`,
      url: `${E2E_MAIL_API}/healthz`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    // The OpenID Connect provider the accounts server signs people in through; it starts first,
    // so that Rill finds its discovery document.
    {
      command: `node e2e/support/oidc-provider.ts --port ${E2E_PORTS.oidc}`,
      url: `${E2E_OIDC.issuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    // Accounts on: sign-up by email (verified through maildev) and OpenID Connect. Only e2e/accounts*.spec.ts use it.
    nextStart(E2E_PORTS.accounts, {
      ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
      ANTHROPIC_BASE_URL: upstream,
      SMTP_URL: `smtp://127.0.0.1:${E2E_PORTS.mailSmtp}`,
      RILL_EMAIL_FROM: 'Rill <rill@example.test>',
      RILL_PUBLIC_URL: `http://127.0.0.1:${E2E_PORTS.accounts}`,
      RILL_ADMIN_EMAILS: E2E_ADMIN_EMAIL,
      // Every sign-up and sign-in of the accounts specs comes from 127.0.0.1: the default 10 a
      // minute would refuse some. The wrong-password backoff still holds.
      RILL_LOGINS_PER_IP: '100000',
      RILL_ALLOWED_EMAILS: E2E_ALLOWED_EMAILS,
      RILL_OIDC_ISSUER: E2E_OIDC.issuer,
      RILL_OIDC_CLIENT_ID: E2E_OIDC.clientId,
      RILL_OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
      RILL_OIDC_NAME: E2E_OIDC.name,
    }),
    {
      command: `node e2e/support/mcp-server.ts --port ${E2E_PORTS.mcpOperator}`,
      url: `http://127.0.0.1:${E2E_PORTS.mcpOperator}/health`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    // The operator's MCP server for everyone; people may add servers on the mcpUser ports (private
    // addresses, which only the allow-list lets through). Only e2e/mcp*.spec.ts use it.
    nextStart(E2E_PORTS.mcpApp, {
      ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
      ANTHROPIC_BASE_URL: upstream,
      RILL_MCP_SERVERS: JSON.stringify(E2E_MCP_OPERATOR_SERVERS),
      RILL_TOOLS_ALLOW_PRIVATE_HOSTS: [`127.0.0.1:${E2E_PORTS.fakeOpenMeteo}`, ...E2E_PORTS.mcpUser.map((port) => `127.0.0.1:${port}`)].join(','),
      RILL_MCP_TOOL_TIMEOUT_MS: String(E2E_MCP_TOOL_TIMEOUT_MS),
    }),
    ...[E2E_PORTS.sharedA, E2E_PORTS.sharedB].map((port) =>
      nextStart(
        port,
        {
          ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
          ANTHROPIC_BASE_URL: upstream,
          DATABASE_URL: E2E_SHARED.databaseUrl,
          REDIS_URL: E2E_SHARED.redisUrl,
          AUTH_SECRET: E2E_SHARED.authSecret,
          // An approval asked for on one instance may be given on the other.
          RILL_MCP_SERVERS: JSON.stringify(E2E_MCP_OPERATOR_SERVERS),
        },
        `node e2e/support/ensure-database.ts ${E2E_SHARED.database} && `,
      ),
    ),
  ],
});
