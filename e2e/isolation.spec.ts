import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { uniqueNonce } from './support/fake-log';

test("one browser cannot see, open, rename, export or delete another's conversations", async ({ browser }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  const alicePage = await alice.newPage();
  const chat = new ChatPage(alicePage);
  await chat.open();
  const secret = uniqueNonce('alice-secret');
  await chat.send(`My secret is ${secret} [[nonce:${secret}]]`);
  await chat.waitForAnswerToFinish();
  await expect(alicePage).toHaveURL(/\/c\/[\w-]+$/);
  const id = new URL(alicePage.url()).pathname.split('/').at(-1)!;

  const bobPage = await bob.newPage();
  await bobPage.goto('/');
  await expect(bobPage.getByRole('navigation', { name: 'Conversations' })).toContainText('No conversations yet.');
  expect((await bobPage.goto(`/c/${id}`))?.status()).toBe(404);
  await expect(bobPage.getByRole('heading', { name: 'This conversation does not exist' })).toBeVisible();
  // Not even its title reaches the tab.
  await expect(bobPage).toHaveTitle('Rill');
  await expect(bobPage.getByText(secret)).toHaveCount(0);

  const api = bob.request;
  const list = await (await api.get('/api/conversations')).json();
  expect(list.conversations).toEqual([]);
  expect((await api.get(`/api/conversations?q=${secret}`)).status()).toBe(200);
  expect((await (await api.get(`/api/conversations?q=${secret}`)).json()).conversations).toEqual([]);
  expect((await api.get(`/api/conversations/${id}`)).status()).toBe(404);
  expect((await api.patch(`/api/conversations/${id}`, { data: { title: 'pwned' } })).status()).toBe(404);
  expect((await api.get(`/api/conversations/${id}/export?format=json`)).status()).toBe(404);
  expect((await api.delete(`/api/conversations/${id}`)).status()).toBe(404);
  // Nor can Bob write into it by sending a message with Alice's conversation id.
  const hijack = await api.post('/api/chat', { data: { id, message: { id: uniqueNonce('hijack'), role: 'user', parts: [{ type: 'text', text: 'hi' }] } } });
  expect(hijack.status()).toBe(404);
  // Nor as the first message of a new chat, which is how a browser starts one.
  const asNewChat = await api.post('/api/chat', { data: { id, parentId: null, message: { id: uniqueNonce('hijack'), role: 'user', parts: [{ type: 'text', text: 'pwned' }] } } });
  expect(asNewChat.status()).toBe(404);

  // Alice still has it, untouched.
  await alicePage.reload();
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText(secret);
  await expect(alicePage.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /pwned/ })).toHaveCount(0);
  await alice.close();
  await bob.close();
});
