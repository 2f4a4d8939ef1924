import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { E2E_TEST_API_KEY } from './support/config';
import { uniqueNonce } from './support/fake-log';

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

  const scripts: string[] = [];
  page.on('response', async (response) => {
    if (response.url().endsWith('.js')) scripts.push(await response.text());
  });
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:unauthorized]] [[nonce:${uniqueNonce('key')}]]`);
  await expect(chat.alert).toBeVisible();
  expect(await chat.alert.textContent()).not.toContain(E2E_TEST_API_KEY);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).not.toContain(E2E_TEST_API_KEY);
});
