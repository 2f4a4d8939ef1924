import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, test } from './support/test';
import { chatBody, signIn } from './support/api';
import { attachedFiles, attachmentFixture, expectUploaded, paddedPdf, pickFiles } from './support/attachments';
import { ChatPage } from './support/chat-page';
import { E2E_APP_PASSWORD, E2E_PORTS } from './support/config';
import { requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';

const fixture = attachmentFixture;
const PNG = readFileSync(fixture('pixel.png'));
const PDF = readFileSync(fixture('hello.pdf'));
const KB = 1024;
const MB = 1024 * KB;

/** What the fake Anthropic server must have received: the image, then the document, then the text. */
const IMAGE_AND_DOCUMENT = [
  { type: 'image', mediaType: 'image/png', bytes: PNG.length },
  { type: 'document', mediaType: 'application/pdf', bytes: PDF.length, title: 'hello.pdf' },
  { type: 'text' },
];

test('an image and a PDF reach Claude as image and document blocks before the text, and come back after a reload', async ({ page, browser }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await pickFiles(page, [fixture('pixel.png').pathname, fixture('hello.pdf').pathname]);
  await expectUploaded(page, 2);
  await expect(attachedFiles(page).filter({ hasText: 'pixel.png' }).locator('img')).toBeVisible();
  await expect(attachedFiles(page).filter({ hasText: 'hello.pdf' })).toContainText('589 B');

  const nonce = uniqueNonce('attach');
  await chat.send(`What is in these? [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  const sent = await theRequest(nonce);
  expect(sent.userBlocks.map(({ type, mediaType, bytes, title }) => ({ type, ...(mediaType ? { mediaType, bytes } : {}), ...(title ? { title } : {}) }))).toEqual(IMAGE_AND_DOCUMENT);
  await expect(attachedFiles(page)).toHaveCount(0);
  await chat.conversationPath();

  await page.reload();
  const userMessage = chat.transcript.locator('article[data-role="user"]');
  const image = userMessage.getByRole('img', { name: 'pixel.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
  const pdfLink = userMessage.getByRole('link', { name: 'hello.pdf' });
  await expect(pdfLink).toBeVisible();
  await expect(pdfLink).toContainText('PDF · 1 page');

  // A PDF opens in a new tab, in the browser's own viewer.
  const popup = page.waitForEvent('popup');
  await pdfLink.click();
  const opened = await popup;
  await expect(opened).toHaveURL(/\/api\/attachments\/[\w-]+$/);
  await opened.close();

  const pdfUrl = new URL((await pdfLink.getAttribute('href'))!, page.url()).toString();
  const served = await page.request.get(pdfUrl);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('application/pdf');
  expect(served.headers()['x-content-type-options']).toBe('nosniff');
  expect(served.headers()['content-disposition']).toBe(`inline; filename="hello.pdf"; filename*=UTF-8''hello.pdf`);
  expect(Buffer.from(await served.body()).equals(PDF)).toBe(true);

  // Someone else (another browser, another identity) gets the same 404 as for no such file.
  const stranger = await browser.newContext();
  await stranger.request.get('/');
  const refused = await stranger.request.get(pdfUrl);
  expect(refused.status()).toBe(404);
  expect((await refused.json()).error.type).toBe('not_found');
  await stranger.close();
});

/** The image is shown whole: its box has the picture's own proportions, not a square crop's. */
async function expectWhole(image: Locator, natural: { width: number; height: number }): Promise<{ width: number; height: number }> {
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(natural.width);
  const box = (await image.boundingBox())!;
  expect(box.width / box.height).toBeCloseTo(natural.width / natural.height, 1);
  return box;
}

test('an attached image shows whole, and opens in a lightbox by click or keyboard that Esc closes', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await pickFiles(page, [fixture('wide.png').pathname]);
  await expectUploaded(page, 1);
  await chat.send(`What is in this? [[nonce:${uniqueNonce('lightbox')}]]`);
  await chat.waitForAnswerToFinish();

  const userMessage = chat.transcript.locator('article[data-role="user"]');
  const wide = { width: 640, height: 200 };
  const thumbnail = await expectWhole(userMessage.getByRole('img', { name: 'wide.png' }), wide);
  const opener = userMessage.getByRole('link', { name: 'wide.png' });
  await opener.click();
  const lightbox = page.getByRole('dialog', { name: 'wide.png' });
  await expect(lightbox).toBeVisible();
  const large = lightbox.getByRole('img', { name: 'wide.png' });
  expect((await expectWhole(large, wide)).width).toBeGreaterThan(thumbnail.width);
  await expect(large).toBeInViewport({ ratio: 1 });
  await expect(lightbox.getByRole('button', { name: 'Close' })).toBeFocused();

  // Tab never leaves the dialog for the page behind it.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement === document.body || Boolean(document.activeElement?.closest('dialog')))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(lightbox).toBeHidden();
  await expect(opener).toBeFocused();

  // From the keyboard: Enter opens it, Close closes it, and focus comes back to the thumbnail.
  await page.keyboard.press('Enter');
  await expect(lightbox).toBeVisible();
  await lightbox.getByRole('button', { name: 'Close' }).press('Enter');
  await expect(lightbox).toBeHidden();
  await expect(opener).toBeFocused();
});

test('a refused file says which and why, and the typed text and the other files stay', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.composer.fill('Keep this text');
  await pickFiles(page, [fixture('pixel.png').pathname]);
  await expectUploaded(page, 1);

  const oversized = Buffer.concat([PNG, Buffer.alloc(6 * MB)]);
  await pickFiles(page, [
    { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('This is text, whatever its name says.') },
    { name: 'huge.png', mimeType: 'image/png', buffer: oversized },
  ]);
  const alert = page.getByRole('alert').filter({ hasText: 'notes.png' });
  await expect(alert).toContainText('notes.png is not a PNG, JPEG, GIF or WebP image or a PDF.');
  await expect(alert).toContainText('huge.png is 6.0 MB; images can be at most 5.0 MB.');
  await expect(chat.composer).toHaveValue('Keep this text');
  await expectUploaded(page, 1);
  await expect(attachedFiles(page)).toContainText('pixel.png');

  // Remove is keyboard-reachable and named after the file, and the server lets the unsent file go.
  const discarded = page.waitForResponse((response) => response.request().method() === 'DELETE' && response.url().includes('/api/attachments/'));
  const remove = page.getByRole('button', { name: 'Remove pixel.png' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(attachedFiles(page)).toHaveCount(0);
  await expect(chat.composer).toHaveValue('Keep this text');
  expect((await discarded).status()).toBe(204);
  expect((await page.request.get((await discarded).url())).status()).toBe(404);
});

test('files can be pasted into the message and dropped on the composer', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const files = { png: PNG.toString('base64'), pdf: PDF.toString('base64') };
  await page.evaluate(({ png, pdf }) => {
    const file = (base64: string, name: string, type: string) => new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type });
    const pasted = new DataTransfer();
    pasted.items.add(file(png, 'pixel.png', 'image/png'));
    document.querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));

    const dropped = new DataTransfer();
    dropped.items.add(file(pdf, 'hello.pdf', 'application/pdf'));
    const form = document.querySelector('textarea')!.closest('form')!;
    form.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
  }, files);
  await expectUploaded(page, 2);

  const nonce = uniqueNonce('paste-drop');
  await chat.send(`Pasted and dropped [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  const sent = await theRequest(nonce);
  expect(sent.userBlocks.map((block) => block.type)).toEqual(['image', 'document', 'text']);
});

test('editing a message keeps its attachments', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await pickFiles(page, [fixture('pixel.png').pathname]);
  await expectUploaded(page, 1);
  await chat.send(`Describe this [[nonce:${uniqueNonce('before-edit')}]]`);
  await chat.waitForAnswerToFinish();

  const edited = uniqueNonce('edited-attachment');
  await chat.transcript.locator('article[data-role="user"]').getByRole('button', { name: 'Edit message' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill(`Describe it in one word [[nonce:${edited}]]`);
  await page.getByRole('button', { name: 'Save and send' }).click();
  const sent = await theRequest(edited);
  expect(sent.userBlocks.map((block) => block.type)).toEqual(['image', 'text']);
  await chat.waitForAnswerToFinish();
  await expect(chat.transcript.locator('article[data-role="user"]').getByRole('img', { name: 'pixel.png' })).toBeVisible();
});

test('the server checks uploads and attachment references itself, and deleting a conversation deletes its files', async ({ request }) => {
  const conversation = uniqueNonce('conversation');
  const upload = (name: string, data: Buffer) => request.post(`/api/attachments?conversation=${conversation}&name=${encodeURIComponent(name)}`, { data });

  const text = await upload('notes.png', Buffer.from('not an image'));
  expect(text.status()).toBe(400);
  expect((await text.json()).error).toEqual({ type: 'unsupported_file_type', message: 'notes.png is not a PNG, JPEG, GIF or WebP image or a PDF.' });
  const oversized = await upload('huge.png', Buffer.concat([PNG, Buffer.alloc(6 * MB)]));
  expect(oversized.status()).toBe(413);
  expect((await oversized.json()).error.type).toBe('attachment_too_large');
  const overLimit = await upload('enormous.pdf', Buffer.concat([PDF, Buffer.alloc(10 * MB)]));
  expect(overLimit.status()).toBe(413);
  expect((await overLimit.json()).error.type).toBe('request_too_large');

  const stored = await upload('pixel.png', PNG);
  expect(stored.status()).toBe(201);
  const attachment = (await stored.json()) as { url: string; mediaType: string };
  expect(attachment.mediaType).toBe('image/png');

  // A reference to someone else's or a made-up attachment never goes upstream.
  const forgedNonce = uniqueNonce('forged');
  const forged = chatBody(`[[nonce:${forgedNonce}]]`, conversation);
  forged.message.parts.unshift({ type: 'file', mediaType: 'image/png', url: '/api/attachments/00000000-0000-0000-0000-000000000000' } as never);
  const refused = await request.post('/api/chat', { data: forged });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.type).toBe('invalid_attachment');
  expect(await requestsWithNonce(forgedNonce)).toEqual([]);

  const nonce = uniqueNonce('api-attach');
  const body = chatBody(`[[nonce:${nonce}]] [[pace:0]]`, conversation);
  body.message.parts.unshift({ type: 'file', mediaType: 'application/pdf', filename: 'claimed.pdf', url: attachment.url } as never);
  const answered = await request.post('/api/chat', { data: body });
  expect(answered.status()).toBe(200);
  await answered.text();
  expect((await theRequest(nonce)).userBlocks.map((block) => [block.type, block.mediaType])).toEqual([['image', 'image/png'], ['text', undefined]]);

  // A model that cannot read a PDF is refused one before anything goes upstream.
  const pdf = (await (await upload('paper.pdf', PDF)).json()) as { url: string };
  const oldModelNonce = uniqueNonce('old-model');
  const forOldModel = { ...chatBody(`[[nonce:${oldModelNonce}]]`, conversation), model: 'claude-3-haiku-20240307' };
  forOldModel.message.parts.unshift({ type: 'file', mediaType: 'application/pdf', url: pdf.url } as never);
  const unreadable = await request.post('/api/chat', { data: forOldModel });
  expect(unreadable.status()).toBe(400);
  expect((await unreadable.json()).error).toEqual({
    type: 'unsupported_by_model',
    message: 'claude-3-haiku-20240307 cannot read PDFs: remove paper.pdf or pick another model.',
  });
  expect(await requestsWithNonce(oldModelNonce)).toEqual([]);

  expect((await request.get(attachment.url)).status()).toBe(200);
  // Once sent, a file goes only with its conversation.
  expect((await request.delete(attachment.url)).status()).toBe(404);
  expect((await request.delete(`/api/conversations/${conversation}`)).status()).toBe(204);
  expect((await request.get(attachment.url)).status()).toBe(404);
});

test('an upload over the quota is refused, saying how much is used and how to make room, and removing a file makes room', async ({ page }) => {
  // The `limited` server keeps 1 MB of files per identity, and asks for its password.
  const limited = `http://127.0.0.1:${E2E_PORTS.limited}`;
  await signIn(page.request, limited, E2E_APP_PASSWORD);
  await page.goto(`${limited}/`);
  await expect(new ChatPage(page).composer).toBeEditable();
  await pickFiles(page, [{ name: 'first.pdf', mimeType: 'application/pdf', buffer: paddedPdf(700 * KB) }]);
  await expectUploaded(page, 1);

  const second = { name: 'second.pdf', mimeType: 'application/pdf', buffer: paddedPdf(400 * KB) };
  const refused = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/api/attachments'));
  await pickFiles(page, [second]);
  expect((await refused).status()).toBe(413);
  await expect(page.getByRole('alert').filter({ hasText: 'second.pdf' })).toContainText(
    'second.pdf was not added: your files take 700 KB of the 1.0 MB you may keep. Delete chats with files you no longer need to make room.',
  );
  await expectUploaded(page, 1);
  await expect(attachedFiles(page)).toContainText('first.pdf');

  // Files not sent yet count too, so removing one makes room for the other.
  const discarded = page.waitForResponse((response) => response.request().method() === 'DELETE' && response.url().includes('/api/attachments/'));
  await page.getByRole('button', { name: 'Remove first.pdf' }).click();
  expect((await discarded).status()).toBe(204);
  await pickFiles(page, [second]);
  await expectUploaded(page, 1);
  await expect(attachedFiles(page)).toContainText('second.pdf');
});

test('a chat whose files would not fit one request to Claude is refused before the message is saved or sent', async ({ request }) => {
  // A page load gives this context its identity.
  await request.get('/');
  const conversation = uniqueNonce('conversation');
  const upload = async (name: string, data: Buffer) => {
    const response = await request.post(`/api/attachments?conversation=${conversation}&name=${name}`, { data });
    expect(response.status()).toBe(201);
    return (await response.json()) as { url: string };
  };
  const filePart = (attachment: { url: string }) => ({ type: 'file', mediaType: 'application/pdf', url: attachment.url }) as never;

  // 20 MB, the most one message takes, goes to Claude whole.
  const first = await Promise.all(['a', 'b', 'c', 'd'].map((name) => upload(`${name}.pdf`, paddedPdf(5 * MB))));
  const firstNonce = uniqueNonce('heavy');
  const heavy = chatBody(`[[nonce:${firstNonce}]] [[pace:0]]`, conversation);
  heavy.message.parts.unshift(...first.map(filePart));
  const answered = await request.post('/api/chat', { data: heavy });
  expect(answered.status()).toBe(200);
  await answered.text();
  expect((await theRequest(firstNonce)).userBlocks.map((block) => block.type)).toEqual(['document', 'document', 'document', 'document', 'text']);

  // 3 MB more would make the next request carry 23 MB of files.
  const extra = await upload('extra.pdf', paddedPdf(3 * MB));
  const refusedNonce = uniqueNonce('too-heavy');
  const next = chatBody(`[[nonce:${refusedNonce}]]`, conversation);
  next.message.parts.unshift(filePart(extra));
  const refused = await request.post('/api/chat', { data: next });
  expect(refused.status()).toBe(413);
  expect((await refused.json()).error).toEqual({
    type: 'conversation_too_large',
    message:
      "With this message, this chat's files come to 23.0 MB, more than the 22.5 MB Claude can read in one request. " +
      'Start a new chat for this message, or edit an earlier message: that drops the files sent after it.',
  });
  expect(await requestsWithNonce(refusedNonce)).toEqual([]);

  // Nothing half-happened: the chat ends with the first exchange, and the refused file is still unsent.
  const saved = (await (await request.get(`/api/conversations/${conversation}`)).json()) as { messages: { id: string; role: string }[] };
  expect(saved.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
  expect(saved.messages[0]?.id).toBe(heavy.message.id);
  expect((await request.delete(extra.url)).status()).toBe(204);
  expect((await request.delete(`/api/conversations/${conversation}`)).status()).toBe(204);
});
