import { expect, test, type Page } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { ACCOUNTS_URL, E2E_ACCOUNT_PASSWORD, signUpVerified, uniqueEmail, verificationLink } from './support/accounts';
import { E2E_OIDC } from './support/config';
import { uniqueNonce } from './support/fake-log';

// OpenID Connect sign-in on the accounts server, through the local provider (e2e/support/oidc-provider.ts).

test.use({ baseURL: ACCOUNTS_URL });

type Session = { user: { id: string; email: string; emailVerified: boolean } } | null;

/** The signed-in account, as better-auth answers it for this page's cookies. */
async function sessionOf(page: Page): Promise<Session> {
  const response = await page.request.get('/api/auth/get-session');
  expect(response.ok()).toBe(true);
  return (await response.json()) as Session;
}

/** "Continue with …" on /sign-in, then the provider's login page, as `login`. */
async function continueWithProvider(page: Page, login: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: `Continue with ${E2E_OIDC.name}` }).click();
  await expect(page).toHaveURL((url) => url.origin === E2E_OIDC.issuer && url.pathname.startsWith('/interaction/'));
  await page.getByRole('textbox', { name: 'Login name' }).fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the provider and waits to be back on Rill, signed in as `email`. */
async function signInWithProvider(page: Page, email: string): Promise<Session> {
  await continueWithProvider(page, email);
  await expect(page).toHaveURL(`${ACCOUNTS_URL}/`);
  const session = await sessionOf(page);
  expect(session?.user.email).toBe(email);
  return session;
}

function conversations(page: Page) {
  return page.getByRole('navigation', { name: 'Conversations' });
}

test('signing in through the OpenID Connect provider: the conversation stays after a reload and is there on a second device', async ({ page, browser }) => {
  const email = uniqueEmail('oidc');
  const first = await signInWithProvider(page, email);
  expect(first?.user.emailVerified).toBe(true);

  const chat = new ChatPage(page);
  await chat.open();
  const message = `Plan a trip to Lisbon [[nonce:${uniqueNonce('oidc')}]]`;
  await chat.send(message);
  await chat.waitForAnswerToFinish();
  const path = await chat.conversationPath();
  await page.reload();
  await expect(conversations(page).locator(`a[href="${path}"]`)).toBeVisible();

  // Another browser, the same person: the same account, and its conversation.
  const phone = await browser.newContext({ baseURL: ACCOUNTS_URL });
  try {
    const other = await phone.newPage();
    const second = await signInWithProvider(other, email);
    expect(second?.user.id).toBe(first?.user.id);
    await expect(conversations(other).locator(`a[href="${path}"]`)).toBeVisible();
    await other.goto(path);
    await expect(new ChatPage(other).transcript.locator('article[data-role="user"]')).toContainText('Plan a trip to Lisbon');
  } finally {
    await phone.close();
  }
});

test('a guest who signs in through the provider keeps their conversation', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`Guest question before single sign-on [[nonce:${uniqueNonce('oidc-guest')}]]`);
  await chat.waitForAnswerToFinish();
  const path = await chat.conversationPath();

  await signInWithProvider(page, uniqueEmail('oidc-guest'));
  await expect(conversations(page).locator(`a[href="${path}"]`)).toBeVisible();
  await page.goto(path);
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('Guest question before single sign-on');
});

test('the provider joins the email account of the same address only when it vouches for the address', async ({ page, request }) => {
  const email = await signUpVerified(request, uniqueEmail('oidc-link'));
  const emailAccount = (await (await request.get(`${ACCOUNTS_URL}/api/auth/get-session`)).json()) as Session;

  // A provider that does not say the address is verified: no way into the existing account.
  await continueWithProvider(page, `${E2E_OIDC.unverifiedPrefix}${email}`);
  await expect(page).toHaveURL((url) => url.origin === ACCOUNTS_URL && url.pathname === '/sign-in' && url.searchParams.has('error'));
  await expect(page.getByRole('main').getByRole('alert')).toContainText('The sign-in provider refused');
  expect(await sessionOf(page)).toBeNull();

  // One that vouches for it: the same account as the password, which still works. (Signed out
  // of the provider first, which otherwise signs its last person straight back in.)
  await page.context().clearCookies({ name: /^_session/ });
  const joined = await signInWithProvider(page, email);
  expect(joined?.user.id).toBe(emailAccount?.user.id);
  const password = await request.post(`${ACCOUNTS_URL}/api/auth/sign-in/email`, { data: { email, password: E2E_ACCOUNT_PASSWORD }, headers: { origin: ACCOUNTS_URL } });
  expect(password.ok()).toBe(true);
});

test('a new address the provider does not vouch for signs in only once it is confirmed by email', async ({ page, request }) => {
  const email = uniqueEmail('oidc-unverified');
  await continueWithProvider(page, `${E2E_OIDC.unverifiedPrefix}${email}`);
  await expect(page).toHaveURL((url) => url.origin === ACCOUNTS_URL && url.pathname === '/sign-in' && url.searchParams.has('error'));
  expect(await sessionOf(page)).toBeNull();

  await page.goto(await verificationLink(request, email));
  await expect.poll(async () => (await sessionOf(page))?.user.email).toBe(email);
});

test('the allow-list holds for the provider too: an address outside it gets no account', async ({ page }) => {
  const outsider = uniqueEmail('oidc-outsider').replace(/@example\.test$/, '@elsewhere.test');
  await continueWithProvider(page, outsider);
  await expect(page).toHaveURL((url) => url.origin === ACCOUNTS_URL && url.pathname === '/sign-in' && url.searchParams.get('error') === 'EMAIL_NOT_ALLOWED');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('The sign-in provider refused');
  expect(await sessionOf(page)).toBeNull();
});
