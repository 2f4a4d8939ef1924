import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { attachmentFixture, expectUploaded, pickFiles } from './support/attachments';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';
import { theRequest, uniqueNonce } from './support/fake-log';
import { bucketHolds } from './support/s3';

// Where attachment bytes are kept beyond one instance's disk: the shared database, or a bucket.

const PNG = readFileSync(attachmentFixture('pixel.png'));

/** Attaches pixel.png, sends it, checks Claude got it, and reloads: the image shows again. Returns its address. */
async function sendAnImageAndReload(page: Page, label: string): Promise<string> {
  const chat = new ChatPage(page);
  await chat.open();
  await pickFiles(page, [attachmentFixture('pixel.png').pathname]);
  await expectUploaded(page, 1);
  const nonce = uniqueNonce(label);
  await chat.send(`What is this? [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  expect((await theRequest(nonce)).userBlocks.map(({ type, mediaType, bytes }) => ({ type, mediaType, bytes }))).toEqual([
    { type: 'image', mediaType: 'image/png', bytes: PNG.length },
    { type: 'text', mediaType: undefined, bytes: undefined },
  ]);
  await page.waitForURL(/\/c\//);

  await page.reload();
  const image = chat.transcript.locator('article[data-role="user"]').getByRole('img', { name: 'pixel.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
  return (await image.getAttribute('src'))!;
}

test('with a shared Postgres, an image uploaded through one instance is sent, and shown after a reload, through another', async ({ browser }) => {
  const instanceA = `http://127.0.0.1:${E2E_PORTS.sharedA}`;
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${E2E_PORTS.sharedB}` });
  const page = await context.newPage();
  // As a load balancer may: the upload goes to instance A, everything else to B.
  const uploads: number[] = [];
  await page.route('**/api/attachments?*', async (route) => {
    const request = route.request();
    const toA = new URL(request.url());
    toA.port = String(E2E_PORTS.sharedA);
    const response = await route.fetch({ url: toA.toString(), headers: { ...request.headers(), origin: instanceA } });
    uploads.push(response.status());
    await route.fulfill({ response });
  });
  await sendAnImageAndReload(page, 'shared-store');
  expect(uploads).toEqual([201]);
  await context.close();
});

test('kept in an S3-compatible bucket, an image is sent, shown after a reload, and deleted with its chat', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${E2E_PORTS.s3}` });
  const page = await context.newPage();
  const src = await sendAnImageAndReload(page, 's3-store');
  const id = src.split('/').pop()!;
  expect(await bucketHolds(id)).toBe(true);

  const conversation = new URL(page.url()).pathname.split('/').pop();
  expect((await page.request.delete(`/api/conversations/${conversation}`)).status()).toBe(204);
  expect(await bucketHolds(id)).toBe(false);
  expect((await page.request.get(src)).status()).toBe(404);
  await context.close();
});
