import { expect, test, type Page } from '@playwright/test';
import { accountPanel, ACCOUNTS_URL, E2E_ACCOUNT_PASSWORD, mailCountTo, SignInPage, signUpVerified, uniqueEmail, verificationLink } from './support/accounts';
import { ChatPage } from './support/chat-page';
import { uniqueNonce } from './support/fake-log';

// Email accounts on the accounts server: sign-up confirmed through maildev, sign-in, a guest's
// conversations moving to the account, and one account never reaching another's conversations.
test.use({ baseURL: ACCOUNTS_URL });
// Each test is a whole journey (sign up, the mail, a chat, a second browser): more than the
// default 30 s on a busy two-core machine.
test.describe.configure({ timeout: 90_000 });

/** Sends a message and waits for the answer; returns the conversation's path, /c/<id>. */
async function chatAbout(page: Page, secret: string): Promise<string> {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`Remember ${secret} [[nonce:${secret}]]`);
  await chat.waitForAnswerToFinish();
  return chat.conversationPath();
}

function conversationLink(page: Page, path: string) {
  return page.getByRole('navigation', { name: 'Conversations' }).locator(`a[href="${path}"]`);
}

test('sign up through the form, confirm the email, and find the same conversation from a second browser', async ({ browser }) => {
  const email = uniqueEmail('two-devices');
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await laptopPage.goto('/sign-in');
  const signUp = new SignInPage(laptopPage);
  await signUp.signUp(email, 'Ada Laptop');
  await expect(signUp.checkYourEmail).toContainText(email);

  // The link in the mail confirms the address and signs in, back where sign-in started.
  await laptopPage.goto(await verificationLink(laptop.request, email));
  await expect(laptopPage).toHaveURL(`${ACCOUNTS_URL}/`);
  await expect(accountPanel(laptopPage)).toContainText('Ada Laptop');
  await expect(accountPanel(laptopPage)).toContainText(email);
  await expect(accountPanel(laptopPage).getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '/settings');
  const secret = uniqueNonce('laptop');
  const path = await chatAbout(laptopPage, secret);

  const phone = await browser.newContext();
  const phonePage = await phone.newPage();
  await phonePage.goto('/sign-in');
  await new SignInPage(phonePage).signIn(email);
  await expect(phonePage).toHaveURL(`${ACCOUNTS_URL}/`);
  await expect(accountPanel(phonePage)).toContainText(email);
  await conversationLink(phonePage, path).click();
  await expect(phonePage).toHaveURL(`${ACCOUNTS_URL}${path}`);
  await expect(new ChatPage(phonePage).transcript.locator('article[data-role="user"]')).toContainText(secret);
  await expect(new ChatPage(phonePage).lastAnswer()).toHaveAttribute('aria-busy', 'false');
  await laptop.close();
  await phone.close();
});

test("a guest's conversations are still there after the guest signs up, and leave with the account on sign-out", async ({ page, context }) => {
  const secret = uniqueNonce('guest');
  const path = await chatAbout(page, secret);

  // The guest signs in from the conversation, and comes back to it.
  await accountPanel(page).getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${ACCOUNTS_URL}/sign-in?next=${encodeURIComponent(path)}`);
  const email = uniqueEmail('guest');
  const form = new SignInPage(page);
  await form.signUp(email, 'Grace Guest');
  await expect(form.checkYourEmail).toBeVisible();
  await page.goto(await verificationLink(context.request, email));
  await expect(page).toHaveURL(`${ACCOUNTS_URL}${path}`);
  await expect(accountPanel(page)).toContainText(email);
  await expect(new ChatPage(page).transcript.locator('article[data-role="user"]')).toContainText(secret);
  await expect(conversationLink(page, path)).toBeVisible();

  // The conversation is the account's now: signed out, this browser is a guest with nothing.
  await accountPanel(page).getByRole('button', { name: 'Sign out' }).click();
  await expect(accountPanel(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toContainText('No conversations yet.');
  expect((await page.goto(path))?.status()).toBe(404);
});

test("another account's conversation is a 404, in the UI and through the API", async ({ browser }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  await signUpVerified(alice.request, uniqueEmail('alice'));
  await signUpVerified(bob.request, uniqueEmail('bob'));

  // Alice's answer is still streaming while Bob tries everything.
  const alicePage = await alice.newPage();
  const chat = new ChatPage(alicePage);
  await chat.open();
  const secret = uniqueNonce('alice-secret');
  await chat.send(`My secret is ${secret} [[scenario:endless]] [[nonce:${secret}]]`);
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  const path = await chat.conversationPath();
  const id = path.split('/').at(-1)!;

  const bobPage = await bob.newPage();
  expect((await bobPage.goto(path))?.status()).toBe(404);
  await expect(bobPage.getByRole('heading', { name: 'This conversation does not exist' })).toBeVisible();
  await expect(bobPage.getByText(secret)).toHaveCount(0);
  await expect(conversationLink(bobPage, path)).toHaveCount(0);

  const api = bob.request;
  expect((await (await api.get('/api/conversations')).json()).conversations).toEqual([]);
  expect((await api.get(`/api/conversations/${id}`)).status()).toBe(404);
  expect((await api.get(`/api/conversations/${id}/export?format=json`)).status()).toBe(404);
  expect((await api.get(`/api/conversations/${id}/export?format=markdown`)).status()).toBe(404);
  expect((await api.patch(`/api/conversations/${id}`, { data: { title: 'pwned' } })).status()).toBe(404);
  expect((await api.delete(`/api/conversations/${id}`)).status()).toBe(404);
  // Not even while Alice's answer is streaming can Bob read it: the same 404.
  const stream = await api.get(`/api/chat/${id}/stream`);
  expect(stream.status()).toBe(404);
  const hijack = await api.post('/api/chat', { data: { id, message: { id: uniqueNonce('hijack'), role: 'user', parts: [{ type: 'text', text: 'hi' }] } } });
  expect(hijack.status()).toBe(404);

  // Alice still has it, whole, and can stop it.
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  await chat.stopButton.click();
  await chat.waitForAnswerToFinish();
  await alicePage.reload();
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText(secret);
  await expect(conversationLink(alicePage, path)).not.toContainText('pwned');
  await alice.close();
  await bob.close();
});

test('no answer hands the session token to the page: only the HttpOnly cookie carries it', async ({ request }) => {
  const email = await signUpVerified(request);
  const signIn = await request.post(`${ACCOUNTS_URL}/api/auth/sign-in/email`, { data: { email, password: E2E_ACCOUNT_PASSWORD }, headers: { origin: ACCOUNTS_URL } });
  expect(signIn.ok()).toBe(true);
  const cookie = (await request.storageState()).cookies.find((each) => each.name.endsWith('session_token'));
  expect(cookie?.httpOnly).toBe(true);
  const token = decodeURIComponent(cookie!.value).split('.')[0]!;
  expect(token.length).toBeGreaterThan(16);

  const session = await request.get(`${ACCOUNTS_URL}/api/auth/get-session`);
  const sessions = await request.get(`${ACCOUNTS_URL}/api/auth/list-sessions`);
  expect(((await session.json()) as { user: { email: string } }).user.email).toBe(email);
  expect(((await sessions.json()) as unknown[]).length).toBeGreaterThan(0);
  for (const answer of [signIn, session, sessions]) expect(await answer.text()).not.toContain(token);
});

test('a wrong password gets Rill’s message; an unconfirmed address is told to check its email', async ({ page, request }) => {
  const email = await signUpVerified(request, uniqueEmail('wrong-password'));
  await page.goto('/sign-in');
  const form = new SignInPage(page);
  await form.signIn(email, 'not the right password');
  await expect(form.alert).toHaveText('That email and password do not match an account here. Check them and try again.');
  await expect(page).toHaveURL(/\/sign-in$/);

  // Signed up but never confirmed: signing in sends a new link and says so.
  const unconfirmed = uniqueEmail('unconfirmed');
  const signUp = await request.post('/api/auth/sign-up/email', {
    data: { name: 'Not Yet', email: unconfirmed, password: E2E_ACCOUNT_PASSWORD, callbackURL: '/' },
    headers: { origin: ACCOUNTS_URL },
  });
  expect(signUp.ok()).toBe(true);
  await expect.poll(() => mailCountTo(request, unconfirmed)).toBe(1);
  await form.signIn(unconfirmed);
  await expect(form.checkYourEmail).toContainText(`This address is not confirmed yet. We sent a new link to ${unconfirmed}.`);
  await expect.poll(() => mailCountTo(request, unconfirmed)).toBe(2);

  // Back on the form, the person can try again, and is still not signed in.
  await page.getByRole('button', { name: 'Back to sign in' }).click();
  await expect(form.email).toBeVisible();
  await page.goto('/');
  await expect(accountPanel(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
});
