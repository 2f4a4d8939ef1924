import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pacedText } from './fake-anthropic/scenarios.ts';
import { ChatPage } from './support/chat-page';
import { E2E_LIFECYCLE, E2E_PORTS } from './support/config';
import { uniqueNonce } from './support/fake-log';
import { RillProcess } from './support/rill-process';

// Each test starts, stops and restarts instances of its own, on ports no other test uses:
// starting a server takes seconds of the test's own time.
test.describe.configure({ timeout: 120_000 });
const [crashPglitePort, crashPostgresPort, drainingPort, takeoverPort, platformPort] = E2E_PORTS.lifecycle;
const LONG = 1_000; // words, two a delta: about twenty seconds at 40 ms a delta, longer than any test waits
const AUTH_SECRET = 'e2e-lifecycle-auth-secret-0123456789abcdef';

type SavedAnswer = { status: string; text: string; streamingParts: number; stopReason?: string };

function ensureLifecycleDatabase(): void {
  execFileSync(process.execPath, ['e2e/support/ensure-database.ts', E2E_LIFECYCLE.database]);
}

/** The conversation's answers as the database holds them, read through `rill`'s API with the page's cookies. */
async function savedAnswers(page: Page, rill: RillProcess, conversationId: string): Promise<SavedAnswer[]> {
  const response = await page.request.get(`${rill.url}/api/conversations/${conversationId}`);
  const stored = (await response.json()) as {
    messages: Array<{ role: string; status: string; metadata: { stopReason?: string } | null; parts: Array<{ type: string; text?: string; state?: string }> }>;
  };
  return stored.messages
    .filter((message) => message.role === 'assistant')
    .map((message) => ({
      status: message.status,
      text: message.parts.filter((part) => part.type === 'text').map((part) => part.text).join(''),
      streamingParts: message.parts.filter((part) => part.state === 'streaming').length,
      stopReason: message.metadata?.stopReason,
    }));
}

/** Opens Rill at `rill`, sends a paced answer of `words`, and waits until its first words are on screen. */
async function startAnswer(page: Page, rill: RillProcess, words: number, label: string): Promise<{ chat: ChatPage; conversationId: string }> {
  const chat = new ChatPage(page);
  await page.goto(rill.url);
  await expect(chat.composer).toBeEditable();
  await chat.send(`[[scenario:paced]] [[words:${words}]] [[pace:40]] [[nonce:${uniqueNonce(label)}]]`);
  await expect(chat.lastAnswer().locator('.markdown')).toContainText(pacedText(words).split(' ').slice(0, 5).join(' '));
  return { chat, conversationId: (await chat.conversationPath()).split('/').at(-1)! };
}

/** The conversation opened on `rill` shows its answer as interrupted, text kept, with Continue and Retry. */
async function expectInterruptedOnScreen(page: Page, rill: RillProcess, conversationId: string): Promise<void> {
  await page.goto(`${rill.url}/c/${conversationId}`);
  const chat = new ChatPage(page);
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  await expect(answer.locator('[data-stop-reason="error"]')).toBeVisible();
  await expect(answer.locator('.markdown')).toContainText(pacedText(LONG).split(' ').slice(0, 5).join(' '));
  await expect(answer.getByRole('button', { name: 'Continue' })).toBeVisible();
  await expect(answer.getByRole('button', { name: 'Retry' })).toBeVisible();
}

for (const engine of ['PGlite', 'Postgres'] as const) {
  test(`after kill -9 mid-answer and a restart on ${engine}, the answer reads as interrupted and offers Retry and Continue`, async ({ page }) => {
    const port = engine === 'PGlite' ? crashPglitePort : crashPostgresPort;
    const dataDir = `.data/e2e-lifecycle-${port}`;
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'Postgres') ensureLifecycleDatabase();
    const rill = new RillProcess(port, engine === 'PGlite' ? { RILL_DATA_DIR: dataDir } : { DATABASE_URL: E2E_LIFECYCLE.databaseUrl, AUTH_SECRET });
    await rill.start();
    try {
      const { conversationId } = await startAnswer(page, rill, LONG, `crash-${engine}`);
      // Its first checkpoint is saved: the crash leaves a row that says `streaming`.
      await expect.poll(async () => (await savedAnswers(page, rill, conversationId))[0]?.status).toBe('streaming');
      expect(await rill.stop('SIGKILL')).toBe('SIGKILL');

      await rill.start();
      const [answer] = await savedAnswers(page, rill, conversationId);
      expect(answer).toMatchObject({ status: 'error', stopReason: 'error', streamingParts: 0 });
      expect(pacedText(LONG).startsWith(answer!.text)).toBe(true);
      expect(answer!.text.length).toBeGreaterThan(0);
      await expectInterruptedOnScreen(page, rill, conversationId);

      // Retry writes the whole answer anew.
      const chat = new ChatPage(page);
      await chat.lastAnswer().getByRole('button', { name: 'Retry' }).click();
      await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
      await expect(chat.lastAnswer().locator('[data-stop-reason="error"]')).toHaveCount(0);
    } finally {
      await rill.stop('SIGKILL');
      await test.info().attach('restarted instance log', { body: rill.log });
    }
  });
}

test('SIGTERM mid-answer: the instance takes no new chat, lets a short answer finish, saves a long one as interrupted, and another instance shows both', async ({
  browser,
}) => {
  ensureLifecycleDatabase();
  const shared = { DATABASE_URL: E2E_LIFECYCLE.databaseUrl, REDIS_URL: E2E_LIFECYCLE.redisUrl, AUTH_SECRET };
  const draining = new RillProcess(drainingPort, { ...shared, RILL_SHUTDOWN_GRACE_S: '4' });
  const other = new RillProcess(takeoverPort, shared);
  await Promise.all([draining.start(), other.start()]);
  const context = await browser.newContext();
  try {
    const [shortPage, longPage] = [await context.newPage(), await context.newPage()];
    const long = await startAnswer(longPage, draining, LONG, 'sigterm-long');
    const short = await startAnswer(shortPage, draining, 60, 'sigterm-short'); // about 1.2 s
    const stopping = draining.stop('SIGTERM');

    // It stops taking chats at once, while it lets the running answers go on.
    await expect.poll(async () => (await fetch(`${draining.url}/api/health`).catch(() => undefined))?.status ?? 'closed').not.toBe(200);
    expect(await stopping).toBe(143);

    await expect.poll(async () => savedAnswers(shortPage, other, short.conversationId)).toEqual([
      { status: 'complete', text: pacedText(60), streamingParts: 0, stopReason: 'end_turn' },
    ]);
    const [interrupted] = await savedAnswers(longPage, other, long.conversationId);
    expect(interrupted).toMatchObject({ status: 'error', stopReason: 'error', streamingParts: 0 });
    expect(pacedText(LONG).startsWith(interrupted!.text)).toBe(true);
    await expectInterruptedOnScreen(longPage, other, long.conversationId);
    await shortPage.goto(`${other.url}/c/${short.conversationId}`);
    await expect.poll(() => new ChatPage(shortPage).lastAnswer().locator('.markdown').innerText()).toBe(pacedText(60));
  } finally {
    await context.close();
    await Promise.all([draining.stop('SIGKILL'), other.stop('SIGKILL')]);
    await test.info().attach('stopped instance log', { body: draining.log });
  }
});

test('each answer is handed to the platform: with the browser gone mid-answer, the platform keeps it running until it is saved', async ({
  browser,
}) => {
  const log = test.info().outputPath('wait-until.jsonl');
  const dataDir = `.data/e2e-lifecycle-${platformPort}`;
  rmSync(dataDir, { recursive: true, force: true });
  const rill = new RillProcess(platformPort, {
    RILL_DATA_DIR: dataDir,
    NODE_OPTIONS: '--import ./e2e/support/vercel-request-context.ts',
    RILL_E2E_WAIT_UNTIL_LOG: log,
  });
  await rill.start();
  const leaving = await browser.newContext();
  const staying = await browser.newContext();
  try {
    const words = 150; // about three seconds
    const { conversationId } = await startAnswer(await leaving.newPage(), rill, words, 'platform');
    await staying.addCookies((await leaving.storageState()).cookies);
    await leaving.close();
    const closedAt = Date.now();

    const reader = await staying.newPage();
    await expect.poll(async () => (await savedAnswers(reader, rill, conversationId))[0]?.status, { timeout: 20_000 }).toBe('complete');
    expect((await savedAnswers(reader, rill, conversationId))[0]?.text).toBe(pacedText(words));

    // The generation was handed over while the browser was there, and let go only once it had ended.
    const events = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: number; event: string; at: number });
    const handedOver = [...Map.groupBy(events, (event) => event.id).values()].filter((span) => {
      const registered = span.find((event) => event.event === 'registered');
      const settled = span.find((event) => event.event === 'settled');
      return registered && settled && registered.at < closedAt && settled.at > closedAt;
    });
    expect(handedOver).toHaveLength(1);
  } finally {
    await Promise.all([leaving.close(), staying.close()]);
    await rill.stop('SIGKILL');
  }
});
