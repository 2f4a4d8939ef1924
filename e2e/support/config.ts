/**
 * Shifts every port, database and Redis index, so that two checkouts of Rill can run the
 * suite side by side on one machine. Unset in CI; use multiples of 20, which keep every port range and Redis index apart.
 */
const offset = Number(process.env.RILL_E2E_PORT_OFFSET ?? 0);

export const E2E_PORTS = {
  fakeAnthropic: 4310 + offset,
  fakeOpenMeteo: 4320 + offset,
  /** Rill with an API key, talking to the fake Anthropic server. */
  app: 3310 + offset,
  /** Rill with no API key: the offline demo model. */
  demo: 3311 + offset,
  /** Rill limited to one concurrent upstream stream, for the queueing test, behind APP_PASSWORD. */
  limited: 3312 + offset,
  /** Two instances sharing one Postgres database and one Redis: resume and Stop across them. */
  sharedA: 3313 + offset,
  sharedB: 3314 + offset,
  /** Rill as run in public: a tiny daily budget, web tools off, two models, three answers at once per identity. */
  budget: 3315 + offset,
  /** Rill as exposed directly to the internet: default trust settings, tight limits, APP_PASSWORD. */
  exposed: 3316 + offset,
  /** Instances that e2e/lifecycle.spec.ts starts, kills and restarts itself, one or two per test. */
  lifecycle: [3320 + offset, 3321 + offset, 3322 + offset, 3323 + offset, 3324 + offset],
  /** Rill keeping attachments in a bucket of the local S3-compatible server below. */
  s3: 3317 + offset,
  /** A local S3-compatible server (s3rver). */
  s3Server: 4315 + offset,
  /** Rill with accounts: email and password (verified through the SMTP catcher below) and OpenID Connect. */
  accounts: 3318 + offset,
  /** The SMTP catcher (maildev): SMTP, and its HTTP API that the tests read the mail from. */
  mailSmtp: 4316 + offset,
  mailApi: 4317 + offset,
  /** The OpenID Connect provider (oidc-provider) that the accounts server signs people in through. */
  oidc: 4318 + offset,
  /** Rill with the operator's MCP server below; people add their own servers on the mcpUser ports. */
  mcpApp: 3319 + offset,
  /** The operator's MCP server (e2e/support/mcp-server.ts), started by Playwright. */
  mcpOperator: 4325 + offset,
  /** Ports the MCP tests start their own servers on (one per test), which mcpApp lets people add. */
  mcpUser: [4330 + offset, 4331 + offset, 4332 + offset, 4333 + offset, 4334 + offset, 4335 + offset],
} as const;

/** The accounts server's OpenID Connect provider, and Rill's confidential client there. */
export const E2E_OIDC = {
  issuer: `http://127.0.0.1:${E2E_PORTS.oidc}`,
  /** What the sign-in button says: "Continue with …". */
  name: 'Test SSO',
  clientId: 'rill-e2e',
  clientSecret: 'rill-e2e-oidc-client-secret-5c1d',
  redirectUri: `http://127.0.0.1:${E2E_PORTS.accounts}/api/auth/callback/oidc`,
  /** Before a login name: the provider does not vouch for the address (email_verified false). */
  unverifiedPrefix: 'unverified:',
};

/** The accounts server's allow-list (RILL_ALLOWED_EMAILS): every test's address is at example.test. */
export const E2E_ALLOWED_EMAILS = '@example.test';

/** The accounts server's admin (RILL_ADMIN_EMAILS): the tests share the server, so none can count on being its first account. */
export const E2E_ADMIN_EMAIL = 'admin@example.test';

/** Where the tests read the accounts server's email (maildev's API). */
export const E2E_MAIL_API = `http://127.0.0.1:${E2E_PORTS.mailApi}/api`;

/** The `budget` server's daily budget per identity, in US dollars: about three tool steps of Sonnet. */
export const E2E_BUDGET_PER_IDENTITY_USD = 0.03;

/** The models the `budget` server allows. */
export const E2E_BUDGET_MODELS = ['claude-sonnet-5-5', 'claude-haiku-5-5'];

/** A recognisable dummy key: tests prove it never reaches the browser. */
export const E2E_TEST_API_KEY = 'rill-e2e-dummy-key-DO-NOT-LEAK-7f3a';

export const FAKE_ANTHROPIC_URL = `http://127.0.0.1:${E2E_PORTS.fakeAnthropic}`;

export const FAKE_OPEN_METEO_URL = `http://127.0.0.1:${E2E_PORTS.fakeOpenMeteo}`;

/** The demo server's context window override, in tokens: a demo exchange takes roughly 200. */
export const E2E_DEMO_CONTEXT_WINDOW = 500;

/** The access password of the `limited` server. */
export const E2E_APP_PASSWORD = 'e2e-password-123';

/** Messages per minute one browser may send to the \`limited\` server. */
export const E2E_LIMITED_MESSAGES_PER_MINUTE = 6;

/** The lifecycle tests' own Postgres database and Redis, apart from the shared instances'. */
export const E2E_LIFECYCLE = {
  database: `rill_e2e_lifecycle${offset ? `_${offset}` : ''}`,
  databaseUrl: `postgres://postgres@127.0.0.1:5432/rill_e2e_lifecycle${offset ? `_${offset}` : ''}`,
  redisUrl: `redis://127.0.0.1:6379/${13 + (Math.floor(offset / 20) % 3)}`,
};

/** The multi-instance servers' shared storage. */
export const E2E_SHARED = {
  database: `rill_e2e_shared${offset ? `_${offset}` : ''}`,
  databaseUrl: `postgres://postgres@127.0.0.1:5432/rill_e2e_shared${offset ? `_${offset}` : ''}`,
  redisUrl: `redis://127.0.0.1:6379/${3 + (Math.floor(offset / 20) % 10)}`,
  authSecret: 'e2e-shared-auth-secret-0123456789abcdef',
};

/** The limits of the `exposed` server, which the attack tests push against. */
export const E2E_EXPOSED = {
  password: 'exposed-password-456',
  loginsPerIp: 12,
  requestsPerIp: 5,
  newIdentitiesPerIp: 4,
};

/** Answers one client address may have running at once on the `budget` server. */
export const E2E_BUDGET_GENERATIONS_PER_IP = 4;

/** The bucket of the `s3` server, on the local S3-compatible server, and s3rver's own account. */
export const E2E_S3 = {
  endpoint: `http://127.0.0.1:${E2E_PORTS.s3Server}`,
  bucket: 'rill-e2e-attachments',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
};

/** The operator's MCP servers (RILL_MCP_SERVERS) of the mcpApp and shared servers. */
export const E2E_MCP_OPERATOR_SERVERS = {
  mcpServers: { notes: { url: `http://127.0.0.1:${E2E_PORTS.mcpOperator}/mcp`, title: 'Team notes' } },
};

/** How long an MCP tool call may take on the mcpApp server: short, so that a hanging server fails a test quickly. */
export const E2E_MCP_TOOL_TIMEOUT_MS = 5_000;
