import { readFileSync } from 'node:fs';
import type { APIRequestContext, Browser, Locator } from '@playwright/test';
import { expect, test, type Page } from './support/test';
import { chatBody, signIn } from './support/api';
import { attachmentFixture, expectUploaded, pickFiles } from './support/attachments';
import { expectNoAxeViolations } from './support/axe';
import { ChatPage } from './support/chat-page';
import { E2E_APP_PASSWORD, E2E_PORTS } from './support/config';
import { theRequest, uniqueNonce } from './support/fake-log';

const PNG = readFileSync(attachmentFixture('pixel.png'));

/** A saved chat with an image and one finished answer, in the page's browser. */
async function chatWithImage(page: Page): Promise<{ chat: ChatPage; path: string; id: string; question: string }> {
  const chat = new ChatPage(page);
  await chat.open();
  await pickFiles(page, [attachmentFixture('pixel.png').pathname]);
  await expectUploaded(page, 1);
  const question = `What is in this picture? [[nonce:${uniqueNonce('share')}]]`;
  await chat.send(question);
  await chat.waitForAnswerToFinish();
  const path = await chat.conversationPath();
  return { chat, path, id: path.slice('/c/'.length), question };
}

function shareDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Share conversation' });
}

/** Opens the Share dialog and presses `action` (Create link, Update link); the link it then shows. */
async function shareFromDialog(page: Page, action: 'Create link' | 'Update link'): Promise<string> {
  const dialog = shareDialog(page);
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = dialog.getByRole('textbox', { name: 'Share link' });
  const before = action === 'Update link' ? await dialog.locator('time').getAttribute('datetime') : null;
  await dialog.getByRole('button', { name: action }).click();
  await expect(link).toHaveValue(/\/share\/[\w-]{32}$/);
  if (before) await expect(dialog.locator('time')).not.toHaveAttribute('datetime', before);
  return link.inputValue();
}

/** A chat saved through the API for the request's identity; its id. */
async function savedChat(request: APIRequestContext, text: string): Promise<string> {
  const body = chatBody(text);
  const response = await request.post('/api/chat', { data: body });
  expect(response.status()).toBe(200);
  // The answer streams to its end before the response body does.
  await response.body();
  return body.id;
}

async function visitor(browser: Browser): Promise<Page> {
  // A fresh browser: no cookie of the owner's, no identity of its own yet.
  const context = await browser.newContext();
  return context.newPage();
}

function sharedImage(page: Page): Locator {
  return page.getByRole('log', { name: 'Conversation' }).locator('article[data-role="user"]').getByRole('img', { name: 'pixel.png' });
}

async function expectImageLoaded(image: Locator): Promise<void> {
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
}

test('a shared link shows the conversation read-only, with its files, to a browser without cookies, and nothing of whose it is', async ({ page, browser }) => {
  // Two browsers, several answers and page loads on a loaded machine.
  test.setTimeout(90_000);
  const { chat, id, question } = await chatWithImage(page);
  // Another chat of the owner's, whose title must not reach the shared page.
  const secretTitle = `Private plans ${uniqueNonce('title')}`;
  const other = await savedChat(page.request, `Something else [[nonce:${uniqueNonce('other')}]]`);
  expect((await page.request.patch(`/api/conversations/${other}`, { data: { title: secretTitle } })).status()).toBe(200);
  const answer = (await chat.lastAnswer().locator('.markdown').innerText()).trim();
  const ownImage = await chat.transcript.getByRole('img', { name: 'pixel.png' }).getAttribute('src');
  const attachmentId = ownImage!.split('/').at(-1)!;
  const url = await shareFromDialog(page, 'Create link');
  await expectNoAxeViolations(page, 'the Share dialog with a link');

  const reader = await visitor(browser);
  const bodies: Array<Promise<string>> = [];
  reader.on('response', (response) => {
    // Next.js's own scripts are the same for everyone; everything else the page loads is checked.
    if (!response.url().includes('/_next/static/')) bodies.push(response.body().then((body) => body.toString('latin1'), () => ''));
  });
  const response = await reader.goto(url);
  expect(response!.status()).toBe(200);
  expect(response!.headers()['x-robots-tag']).toContain('noindex');
  await expect(reader.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);

  const log = reader.getByRole('log', { name: 'Conversation' });
  await expect(log.locator('article[data-role="user"]')).toContainText(question);
  await expect(log.locator('article[data-role="assistant"] .markdown')).toHaveText(answer);
  await expectImageLoaded(sharedImage(reader));
  await expect(reader.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  await expect(reader.getByRole('navigation', { name: 'Conversations' })).toHaveCount(0);
  await expect(reader.getByRole('button', { name: 'Edit message' })).toHaveCount(0);
  await expect(reader.getByRole('button', { name: 'Regenerate answer' })).toHaveCount(0);
  await expect(reader.getByRole('button', { name: 'Continue this conversation' })).toBeVisible();
  await expectNoAxeViolations(reader, 'the shared page');

  // Neither the page nor anything it loaded names the conversation, its files, or the owner's other chats.
  const html = await (await reader.request.get(url)).text();
  for (const text of [html, ...(await Promise.all(bodies))]) {
    expect(text).not.toContain(id);
    expect(text).not.toContain(attachmentId);
    expect(text).not.toContain(other);
    expect(text).not.toContain(secretTitle);
  }
  // The shared file comes with the same safe headers as the owner's own.
  const file = await reader.request.get(new URL((await sharedImage(reader).getAttribute('src'))!, url).href);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('image/png');
  expect(file.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(await file.body()).equals(PNG)).toBe(true);
  await reader.context().close();
});

test('Update link shows later messages under the same link; Delete link makes the page and its files 404', async ({ page, browser }) => {
  // Two browsers, several answers and page loads on a loaded machine.
  test.setTimeout(90_000);
  const { chat } = await chatWithImage(page);
  const url = await shareFromDialog(page, 'Create link');
  await shareDialog(page).getByRole('button', { name: 'Close' }).click();

  const reader = await visitor(browser);
  await reader.goto(url);
  await expectImageLoaded(sharedImage(reader));
  const firstFile = new URL((await sharedImage(reader).getAttribute('src'))!, url).href;

  // A link is a snapshot: a later message shows only once the link is updated.
  const later = `And now? [[nonce:${uniqueNonce('later')}]]`;
  await chat.send(later);
  await chat.waitForAnswerToFinish();
  await reader.reload();
  await expect(reader.getByRole('log').locator('article[data-role="user"]')).toHaveCount(1);
  expect(await shareFromDialog(page, 'Update link')).toBe(url);
  await reader.reload();
  await expect(reader.getByRole('log').locator('article[data-role="user"]').last()).toContainText(later);
  await expectImageLoaded(sharedImage(reader));
  const secondFile = new URL((await sharedImage(reader).getAttribute('src'))!, url).href;
  expect(secondFile).not.toBe(firstFile);
  // The copies the first snapshot made are gone with it.
  expect((await reader.request.get(firstFile)).status()).toBe(404);

  await shareDialog(page).getByRole('button', { name: 'Delete link' }).click();
  await expect(shareDialog(page).getByRole('button', { name: 'Create link' })).toBeVisible();
  expect((await reader.request.get(url)).status()).toBe(404);
  const file = await reader.request.get(secondFile);
  expect(file.status()).toBe(404);
  expect((await file.json()).error.type).toBe('not_found');
  await reader.context().close();
});

test('deleting a conversation revokes its link', async ({ request }) => {
  const id = await savedChat(request, `Soon gone [[nonce:${uniqueNonce('gone')}]]`);
  const shared = await request.post(`/api/conversations/${id}/share`);
  expect(shared.status()).toBe(200);
  const { link } = (await shared.json()) as { link: { path: string } };
  expect((await request.get(link.path)).status()).toBe(200);
  expect((await request.delete(`/api/conversations/${id}`)).status()).toBe(204);
  expect((await request.get(link.path)).status()).toBe(404);
});

test('Continue this conversation copies the shared chat, files and all, into the visitor’s own, where they go on', async ({ page, browser }) => {
  // Two browsers, several answers and page loads on a loaded machine.
  test.setTimeout(90_000);
  const { path, question } = await chatWithImage(page);
  const url = await shareFromDialog(page, 'Create link');

  const reader = await visitor(browser);
  await reader.goto(url);
  await reader.getByRole('button', { name: 'Continue this conversation' }).click();
  await expect(reader).toHaveURL(/\/c\/[\w-]+$/);
  expect(new URL(reader.url()).pathname).not.toBe(path);
  const chat = new ChatPage(reader);
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText(question);
  await expect(chat.assistantMessages()).toHaveCount(1);
  // The visitor's copy of the file is their own attachment.
  const image = chat.transcript.getByRole('img', { name: 'pixel.png' });
  await expectImageLoaded(image);
  expect(await image.getAttribute('src')).toMatch(/^\/api\/attachments\/[\w-]+$/);
  const copy = new URL(reader.url()).pathname;
  await expect(reader.getByRole('navigation', { name: 'Conversations' }).locator(`a[href="${copy}"]`)).toBeVisible();

  const nonce = uniqueNonce('continued');
  await chat.send(`Tell me more [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  await expect(chat.assistantMessages()).toHaveCount(2);
  // Claude gets the copied history with the new message.
  const sent = await theRequest(nonce);
  expect(sent.assistantBlockTypes).toHaveLength(1);
  await reader.context().close();

  // The owner's chat is untouched.
  await page.goto(path);
  await expect(new ChatPage(page).assistantMessages()).toHaveCount(1);
});

test('Fork to a new chat opens a copy of the chat with its files, and the original stays as it was', async ({ page }) => {
  // Two browsers, several answers and page loads on a loaded machine.
  test.setTimeout(90_000);
  const { chat, path, question } = await chatWithImage(page);
  const answer = (await chat.lastAnswer().locator('.markdown').innerText()).trim();
  await page.getByRole('button', { name: 'Fork to a new chat' }).click();
  await expect(page).toHaveURL(/\/c\/[\w-]+$/);
  await expect.poll(() => new URL(page.url()).pathname).not.toBe(path);
  const fork = new URL(page.url()).pathname;
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText(question);
  await expect(chat.lastAnswer().locator('.markdown')).toHaveText(answer);
  await expectImageLoaded(chat.transcript.getByRole('img', { name: 'pixel.png' }));

  const nonce = uniqueNonce('fork');
  await chat.send(`Only in the fork [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  await expect(chat.assistantMessages()).toHaveCount(2);

  await page.goto(path);
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
  await page.goto(fork);
  await expect(chat.assistantMessages()).toHaveCount(2);
});

test('links cannot be guessed, crossed, revoked or made by anyone else', async ({ request, browser, baseURL }) => {
  const id = await savedChat(request, `Mine [[nonce:${uniqueNonce('mine')}]]`);
  // The owner's first file, sent with their chat, and then shared.
  const upload = await request.post(`/api/attachments?conversation=${id}&name=pixel.png`, { data: PNG });
  expect(upload.status()).toBe(201);
  const { url: fileUrl } = (await upload.json()) as { url: string };
  const withFile = chatBody(`With a file [[nonce:${uniqueNonce('file')}]]`, id);
  const sent = await request.post('/api/chat', {
    data: { ...withFile, message: { ...withFile.message, parts: [...withFile.message.parts, { type: 'file', url: fileUrl, mediaType: 'image/png', filename: 'pixel.png' }] } },
  });
  expect(sent.status()).toBe(200);
  await sent.body();
  const { link } = (await (await request.post(`/api/conversations/${id}/share`)).json()) as { link: { id: string; path: string } };
  const page = await (await request.get(link.path)).text();
  const sharedFile = /\/api\/shares\/[\w-]+\/files\/([\w-]+)/.exec(page);
  expect(sharedFile).not.toBeNull();
  expect((await request.get(sharedFile![0])).status()).toBe(200);

  // Someone else, with an identity of their own.
  const stranger = await browser.newContext({ baseURL });
  await stranger.request.get('/');
  const theirs = await savedChat(stranger.request, `Theirs [[nonce:${uniqueNonce('theirs')}]]`);
  const theirLink = (await (await stranger.request.post(`/api/conversations/${theirs}/share`)).json()) as { link: { id: string } };

  // Guessing: an unknown id of the right shape, and ids of the wrong shape, are all 404s.
  const guess = 'A'.repeat(32);
  for (const address of [`/share/${guess}`, `/share/${link.id.slice(0, -1)}`, '/share/..%2Fc', `/api/shares/${guess}/files/${sharedFile![1]}`]) {
    expect((await stranger.request.get(address)).status(), address).toBe(404);
  }
  // A file of one share through another share's address.
  const crossed = await stranger.request.get(`/api/shares/${theirLink.link.id}/files/${sharedFile![1]}`);
  expect(crossed.status()).toBe(404);
  // The owner's original file, through the share's address.
  expect((await stranger.request.get(`/api/shares/${link.id}/files/${fileUrl.split('/').at(-1)}`)).status()).toBe(404);

  // Someone else's conversation: its link cannot be read, made, revoked, or the conversation forked.
  for (const [method, address] of [
    ['GET', `/api/conversations/${id}/share`],
    ['POST', `/api/conversations/${id}/share`],
    ['DELETE', `/api/conversations/${id}/share`],
    ['POST', `/api/conversations/${id}/fork`],
  ] as const) {
    const refused = await stranger.request.fetch(address, { method });
    expect(refused.status(), `${method} ${address}`).toBe(404);
    expect((await refused.json()).error.type).toBe('not_found');
  }
  expect((await request.get(link.path)).status()).toBe(200);

  // A write from another site is refused before anything else.
  const crossSite = await request.post(`/api/conversations/${id}/share`, { headers: { origin: 'https://evil.example' } });
  expect(crossSite.status()).toBe(403);
  // Continuing needs an identity of one's own, which only a page load makes.
  const anonymous = await browser.newContext({ baseURL });
  const continued = await anonymous.request.post(`/api/shares/${link.id}/continue`);
  expect(continued.status()).toBe(401);
  // And a revoked link cannot be continued.
  expect((await request.delete(`/api/conversations/${id}/share`)).status()).toBe(204);
  expect((await stranger.request.post(`/api/shares/${link.id}/continue`)).status()).toBe(404);
  expect((await stranger.request.get(sharedFile![0])).status()).toBe(404);
  await anonymous.close();
  await stranger.close();
});

test('with APP_PASSWORD a shared link is as private as the rest of the deployment', async ({ browser }) => {
  const limited = `http://127.0.0.1:${E2E_PORTS.limited}`;
  const owner = await browser.newContext({ baseURL: limited });
  await signIn(owner.request, limited, E2E_APP_PASSWORD);
  const id = await savedChat(owner.request, `Private deployment [[nonce:${uniqueNonce('private')}]]`);
  const shared = await owner.request.post(`/api/conversations/${id}/share`);
  expect(shared.status()).toBe(200);
  const { link } = (await shared.json()) as { link: { id: string; path: string } };
  expect((await owner.request.get(link.path)).status()).toBe(200);

  // Without the password: the sign-in page, not the conversation.
  const outsider = await browser.newContext({ baseURL: limited });
  const page = await outsider.newPage();
  await page.goto(link.path);
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByRole('log', { name: 'Conversation' })).toHaveCount(0);
  const refused = await outsider.request.post(`/api/shares/${link.id}/continue`);
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.type).toBe('password_required');
  await outsider.close();
  await owner.close();
});
