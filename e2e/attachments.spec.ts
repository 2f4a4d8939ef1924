import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './support/test';
import { chatBody } from './support/api';
import { attachmentFixture, pickFiles } from './support/attachments';
import { ChatPage } from './support/chat-page';
import { requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';

const fixture = attachmentFixture;
const PNG = readFileSync(fixture('pixel.png'));
const PDF = readFileSync(fixture('hello.pdf'));
const MB = 1024 * 1024;

/** What the fake Anthropic server must have received: the image, then the document, then the text. */
const IMAGE_AND_DOCUMENT = [
  { type: 'image', mediaType: 'image/png', bytes: PNG.length },
  { type: 'document', mediaType: 'application/pdf', bytes: PDF.length, title: 'hello.pdf' },
  { type: 'text' },
];

function attachedFiles(page: Page) {
  return page.getByRole('list', { name: 'Attached files' }).getByRole('listitem');
}

/** Waits until every chip in the composer has finished uploading. */
async function expectUploaded(page: Page, count: number): Promise<void> {
  await expect(attachedFiles(page)).toHaveCount(count);
  await expect(page.getByRole('list', { name: 'Attached files' }).locator('li[aria-busy="true"]')).toHaveCount(0);
}

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

  await page.reload();
  const userMessage = chat.transcript.locator('article[data-role="user"]');
  const image = userMessage.getByRole('img', { name: 'pixel.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
  const pdfLink = userMessage.getByRole('link', { name: 'hello.pdf' });
  await expect(pdfLink).toBeVisible();

  // Clicking a thumbnail opens the file itself.
  const popup = page.waitForEvent('popup');
  await userMessage.getByRole('link', { name: 'pixel.png' }).click();
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
