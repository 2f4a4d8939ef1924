import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { chatBody } from './support/api';
import { ChatPage } from './support/chat-page';
import { E2E_APP_PASSWORD, E2E_PORTS, E2E_TEST_API_KEY } from './support/config';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';

test('HTML and scripts in model output stay inert text', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:html]] [[nonce:${uniqueNonce('html')}]]`);
  const answer = await chat.waitForAnswerToFinish();

  await expect(answer).toContainText('Plain text after the HTML.');
  await expect(answer).toContainText('<script>');
  expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
  await expect(answer.locator('script, img, iframe')).toHaveCount(0);
  await expect(answer.locator('a[href^="javascript:" i]')).toHaveCount(0);
  await expect(answer).toContainText('click me');
});

test('the API key never reaches the browser', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  expect(html).not.toContain(E2E_TEST_API_KEY);

  // Bodies are read while the page is still open: chunks loaded lazily in idle time can arrive
  // at any moment, and a body read after the page has closed fails.
  const scripts: Promise<string>[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(response.text());
  });
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:unauthorized]] [[nonce:${uniqueNonce('key')}]]`);
  await expect(chat.alert).toBeVisible();
  expect(await chat.alert.textContent()).not.toContain(E2E_TEST_API_KEY);
  const bodies = await Promise.all(scripts);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body).not.toContain(E2E_TEST_API_KEY);
});

test('pages carry a nonce-based CSP and the usual security headers, and still work', async ({ page }) => {
  const response = await page.goto('/');
  const headers = response!.headers();
  const csp = headers['content-security-policy']!;
  const scriptSrc = csp.split('; ').find((directive) => directive.startsWith('script-src'))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
  const inlineScripts = await page.locator('script:not([src])').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(inlineScripts.length).toBeGreaterThan(0);
  for (const scriptNonce of inlineScripts) expect(scriptNonce).toBe(nonce);
  // A fresh nonce on every page load.
  const again = (await page.request.get('/')).headers()['content-security-policy'];
  expect(again).not.toBe(csp);
});

/** Every CSP violation the page reports from now on, across navigations and reloads. */
async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (violation: string) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Refused to')) violations.push(message.text());
  });
  return violations;
}

/** Load, send, a tool card, reload, the sidebar, settings, theme and the shortcuts dialog. */
async function mainFlows(page: Page, message: string): Promise<void> {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(message);
  const answer = await chat.waitForAnswerToFinish();
  const card = answer.locator('[data-tool-name="get_weather"]');
  await card.getByRole('button').first().click();
  await expect(card.getByRole('button').first()).toHaveAttribute('aria-expanded', 'true');
  const path = await chat.conversationPath();
  await page.reload();
  await expect(chat.assistantMessages()).toHaveCount(1);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await sidebar.getByRole('link', { name: 'New chat' }).click();
  await expect(page).toHaveURL(/\/$/);
  await sidebar.locator(`a[href="${path}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(chat.assistantMessages()).toHaveCount(1);
  await page.getByRole('checkbox', { name: 'Thinking' }).check();
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('radio', { name: 'System' }).check();
  await page.getByRole('button', { name: /^Shortcuts/ }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
}

test('the main flows trip no Content-Security-Policy violation, with Claude', async ({ page }) => {
  const violations = await watchCspViolations(page);
  await mainFlows(page, `Weather in Paris? [[scenario:weather]] [[input-pace:0]] [[nonce:${uniqueNonce('csp')}]]`);
  expect(violations).toEqual([]);
});

test.describe('with the demo model', () => {
  test.use({ baseURL: `http://127.0.0.1:${E2E_PORTS.demo}` });

  test('the main flows trip no Content-Security-Policy violation', async ({ page }) => {
    const violations = await watchCspViolations(page);
    await mainFlows(page, 'What is the weather in Paris?');
    expect(violations).toEqual([]);
  });
});

test('writes from another site are refused, and no CORS is granted', async ({ request }) => {
  const nonce = uniqueNonce('csrf');
  const forged = await request.post('/api/chat', {
    headers: { origin: 'https://evil.example' },
    data: chatBody(`[[nonce:${nonce}]]`),
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.type).toBe('cross_origin');
  expect(await requestsWithNonce(nonce)).toEqual([]);
  expect((await request.delete('/api/conversations/some-conversation-id', { headers: { 'sec-fetch-site': 'cross-site' } })).status()).toBe(403);

  const preflight = await request.fetch('/api/chat', {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers()['access-control-allow-origin']).toBeUndefined();
});

test('with APP_PASSWORD set, nothing works until the password is given', async ({ page, request }) => {
  const gated = `http://127.0.0.1:${E2E_PORTS.limited}`;
  expect((await request.post(`${gated}/api/chat`, { data: chatBody('hi') })).status()).toBe(401);
  expect((await request.get(`${gated}/api/conversations`)).status()).toBe(401);

  await page.goto(`${gated}/`);
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toBeVisible();
  await page.getByLabel('Password').fill(E2E_APP_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const chat = new ChatPage(page);
  await expect(chat.composer).toBeEditable();
  await chat.send(`Hello [[nonce:${uniqueNonce('gated')}]]`);
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token');
});

test('the build output holds no trace of the API key it was built with', () => {
  // `npm test` builds with ANTHROPIC_API_KEY set to this dummy key (see e2e/support/build-for-tests.ts).
  const root = fileURLToPath(new URL('../.next/', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(root, name))
    .filter((file) => statSync(file).isFile());
  const leaks = files.filter((file) => readFileSync(file).includes(E2E_TEST_API_KEY));
  expect(files.length).toBeGreaterThan(50);
  expect(leaks).toEqual([]);
});
