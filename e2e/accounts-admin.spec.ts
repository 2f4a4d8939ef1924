import { expect, test, type APIRequestContext, type APIResponse, type Page } from './support/test';
import type { Browser, BrowserContext } from '@playwright/test';
import { accountPanel, ACCOUNTS_URL, E2E_ACCOUNT_PASSWORD, signUpVerified, uniqueEmail, verificationLink } from './support/accounts';
import { chatBody } from './support/api';
import { ChatPage } from './support/chat-page';
import { E2E_ADMIN_EMAIL } from './support/config';
import { theRequest, uniqueNonce } from './support/fake-log';

// Operator controls and sessions, on the accounts server: the admin page (usage, disabling,
// budgets) and settings (signed-in devices, revoking them, signing out everywhere).
test.use({ baseURL: ACCOUNTS_URL });

const json = { headers: { origin: ACCOUNTS_URL } };

/**
 * Signs in with the password and returns the answer. Every accounts test signs in from
 * 127.0.0.1, which has ten sign-in attempts a minute, one more every 6 s: a 429 is waited out.
 */
async function signInWithPassword(request: APIRequestContext, email: string): Promise<APIResponse> {
  let answer: APIResponse | undefined;
  await expect
    .poll(
      async () => {
        answer = await request.post(`${ACCOUNTS_URL}/api/auth/sign-in/email`, { data: { email, password: E2E_ACCOUNT_PASSWORD, callbackURL: '/' }, ...json });
        return answer.status();
      },
      { intervals: [6_000], timeout: 60_000 },
    )
    .not.toBe(429);
  return answer!;
}

/**
 * Signs `request` in as the admin, making the account if no test has yet. Tests run in parallel
 * against one server: signing up an address that exists answers as if it worked (better-auth
 * does not tell who has an account), and an address not yet confirmed is confirmed here.
 */
async function signInAsAdmin(request: APIRequestContext): Promise<void> {
  await request.post(`${ACCOUNTS_URL}/api/auth/sign-up/email`, { data: { name: 'Admin', email: E2E_ADMIN_EMAIL, password: E2E_ACCOUNT_PASSWORD, callbackURL: '/' }, ...json });
  await expect
    .poll(async () => {
      const signIn = await signInWithPassword(request, E2E_ADMIN_EMAIL);
      // 403: not confirmed yet; signing in sent the link again.
      if (signIn.status() === 403) await request.get(await verificationLink(request, E2E_ADMIN_EMAIL));
      return signIn.ok();
    })
    .toBe(true);
}

/** A browser of its own, signed in to a new, confirmed account. */
async function newUser(browser: Browser, label: string): Promise<{ context: BrowserContext; page: Page; email: string }> {
  const context = await browser.newContext({ baseURL: ACCOUNTS_URL });
  const page = await context.newPage();
  const email = await signUpVerified(page.request, uniqueEmail(label));
  return { context, page, email };
}

async function adminPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: ACCOUNTS_URL });
  const page = await context.newPage();
  await signInAsAdmin(page.request);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  return { context, page };
}

const userRow = (page: Page, email: string) => page.getByRole('row', { name: email });

test('the admin sees what a user spent, disables them (their running answer stops, every request and page is refused) and enables them again', async ({ browser }) => {
  // Two browsers, two sign-ups through the mail catcher, and two answers.
  test.setTimeout(90_000);
  const user = await newUser(browser, 'disabled');
  const chat = new ChatPage(user.page);
  await chat.open();
  await chat.send(`Hello [[nonce:${uniqueNonce('admin-usage')}]]`);
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token');
  const conversation = await chat.conversationPath();

  const admin = await adminPage(browser);
  const row = userRow(admin.page, user.email);
  await expect(row).toContainText('Active');
  await expect.poll(async () => Number(await row.locator('[data-tokens]').getAttribute('data-tokens'))).toBeGreaterThan(0);
  expect(Number(await row.locator('[data-cost-usd]').getAttribute('data-cost-usd'))).toBeGreaterThan(0);
  await expect(row.locator('[data-cost-usd]')).toHaveText(/^\$\d/);

  // An answer is being written when the account is disabled.
  const endless = uniqueNonce('admin-endless');
  await chat.send(`[[scenario:endless]] [[pace:40]] [[nonce:${endless}]]`);
  await expect(chat.lastAnswer()).toContainText('tick 3');

  await admin.page.getByRole('button', { name: `Disable ${user.email}` }).click();
  await expect(row).toContainText('Disabled');
  await expect(row).toHaveAttribute('data-disabled', 'true');
  // It stops spending at once: the upstream call is cut.
  expect((await theRequest(endless, (entry) => entry.outcome !== 'streaming')).outcome).toBe('client-disconnected');

  // Every request of theirs is refused: the list, a new message, and reattaching to a stream.
  const id = conversation.split('/').at(-1)!;
  expect((await user.page.request.get('/api/conversations')).status()).toBe(401);
  expect((await user.page.request.get(`/api/conversations/${id}`)).status()).toBe(401);
  expect((await user.page.request.get(`/api/chat/${id}/stream`)).status()).toBe(401);
  expect((await user.page.request.post('/api/chat', { data: chatBody(`Still there? [[nonce:${uniqueNonce('admin-refused')}]]`), ...json })).status()).toBe(401);
  // Their page sends them to sign in, where the account is refused.
  await user.page.reload();
  await expect(user.page).toHaveURL(/\/sign-in/);
  const refused = await signInWithPassword(user.page.request, user.email);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain('This account is disabled');

  await admin.page.getByRole('button', { name: `Enable ${user.email}` }).click();
  await expect(row).toContainText('Active');
  expect((await signInWithPassword(user.page.request, user.email)).ok()).toBe(true);
  await user.page.goto(conversation);
  await expect(chat.assistantMessages().first()).toContainText('Rill streams every token');
  expect((await user.page.request.get('/api/conversations')).ok()).toBe(true);

  await Promise.all([user.context.close(), admin.context.close()]);
});

test("a daily budget the admin sets shows in the user's footer and stops their answers", async ({ browser }) => {
  test.setTimeout(90_000);
  const user = await newUser(browser, 'budget');
  const admin = await adminPage(browser);
  await admin.page.getByRole('spinbutton', { name: `Daily budget of ${user.email} in US dollars` }).fill('0.01');
  await admin.page.getByRole('button', { name: `Save the daily budget of ${user.email}` }).click();
  await expect(userRow(admin.page, user.email).getByRole('status')).toHaveText('Saved');

  const chat = new ChatPage(user.page);
  await chat.open();
  await expect(chat.usage).toContainText('$0.01 of $0.01 left today');
  await chat.send(`[[scenario:tool-loop]] [[nonce:${uniqueNonce('admin-budget')}]]`);
  await expect(chat.alert).toContainText(/You have used your budget of \$0\.01 for today/);
  await expect(chat.usage).toContainText('$0 of $0.01 left today');

  // Back to the default (none on this server): the footer has no budget to show.
  await admin.page.reload();
  await admin.page.getByRole('spinbutton', { name: `Daily budget of ${user.email} in US dollars` }).fill('');
  await admin.page.getByRole('button', { name: `Save the daily budget of ${user.email}` }).click();
  await expect(userRow(admin.page, user.email).getByRole('status')).toHaveText('Saved');
  await user.page.reload();
  await expect(chat.composer).toBeEditable();
  await expect(chat.usage.locator('[data-budget-left]')).toHaveCount(0);

  await Promise.all([user.context.close(), admin.context.close()]);
});

test('only an admin has the admin page and API, and an admin cannot disable themself', async ({ browser, request }) => {
  const user = await newUser(browser, 'not-admin');
  expect((await user.page.goto('/admin'))?.status()).toBe(404);
  const forbidden = await user.page.request.get('/api/admin/users');
  expect(forbidden.status()).toBe(403);
  expect((await forbidden.json()).error.type).toBe('admin_only');
  // A guest neither.
  expect((await request.get('/api/admin/users')).status()).toBe(403);

  await signInAsAdmin(request);
  const { users } = (await (await request.get('/api/admin/users')).json()) as { users: Array<{ id: string; email: string; role: string }> };
  const me = users.find((candidate) => candidate.email === E2E_ADMIN_EMAIL)!;
  expect(me.role).toBe('admin');
  const self = await request.patch(`/api/admin/users/${me.id}`, { data: { disabled: true }, ...json });
  expect(self.status()).toBe(400);
  expect((await self.json()).error.message).toContain('cannot disable your own account');
  const invalid = await request.patch(`/api/admin/users/${me.id}`, { data: { dailyBudgetUsd: -1 }, ...json });
  expect(invalid.status()).toBe(400);

  await user.context.close();
});

test('settings list the devices signed in; one can be revoked, and signing out everywhere ends them all', async ({ browser }) => {
  test.setTimeout(60_000);
  const first = await newUser(browser, 'devices');
  const second = await browser.newContext({ baseURL: ACCOUNTS_URL });
  expect((await signInWithPassword(second.request, first.email)).ok()).toBe(true);

  await first.page.goto('/settings');
  await expect(first.page.getByRole('heading', { name: 'Signed in on 2 devices' })).toBeVisible();
  const devices = first.page.getByRole('list', { name: 'Devices' }).getByRole('listitem');
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: 'This device' })).toHaveCount(1);

  // Revoking the other device signs it out there.
  await devices.getByRole('button', { name: /^Sign out / }).click();
  await expect(first.page.getByRole('heading', { name: 'Signed in on 1 device' })).toBeVisible();
  expect((await second.request.get('/api/conversations')).status()).toBe(401);

  expect((await signInWithPassword(second.request, first.email)).ok()).toBe(true);
  await first.page.reload();
  await expect(first.page.getByRole('heading', { name: 'Signed in on 2 devices' })).toBeVisible();
  await first.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(first.page).toHaveURL(/\/sign-in/);
  expect((await second.request.get('/api/conversations')).status()).toBe(401);
  // This browser is signed out of the account too: its settings are a guest's, with no devices.
  await first.page.goto('/settings');
  await expect(first.page.getByRole('textbox', { name: 'Custom instructions' })).toBeVisible();
  await expect(first.page.getByRole('list', { name: 'Devices' })).toHaveCount(0);

  await Promise.all([first.context.close(), second.close()]);
});

test("a guest's account panel links to settings, which hold their instructions but no devices", async ({ page }) => {
  await page.goto('/');
  await accountPanel(page).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(`${ACCOUNTS_URL}/settings`);
  await expect(page.getByRole('textbox', { name: 'Custom instructions' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Devices' })).toHaveCount(0);
});
