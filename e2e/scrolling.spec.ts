import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { uniqueNonce } from './support/fake-log';

test('the transcript follows the stream until the reader scrolls up, and Jump to latest brings it back', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:markdown]] [[words:2500]] [[pace:8]] [[nonce:${uniqueNonce('scroll')}]]`);

  const distanceFromBottom = () =>
    chat.transcript.evaluate((log) => log.scrollHeight - log.scrollTop - log.clientHeight);
  const answerLength = () => chat.lastAnswer().evaluate((article) => article.textContent?.length ?? 0);

  // Following: the newest text stays in view while the answer grows past the screen.
  await expect.poll(() => chat.transcript.evaluate((log) => log.scrollHeight > log.clientHeight * 2)).toBe(true);
  await expect.poll(distanceFromBottom).toBeLessThan(60);

  // The reader scrolls up to re-read: the view stays where they put it.
  await chat.transcript.hover();
  await page.mouse.wheel(0, -600);
  const jump = page.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toBeVisible();
  const scrollTop = await chat.transcript.evaluate((log) => log.scrollTop);
  const lengthThen = await answerLength();
  await expect.poll(answerLength).toBeGreaterThan(lengthThen + 500);
  expect(await chat.transcript.evaluate((log) => log.scrollTop)).toBe(scrollTop);

  await jump.click();
  await expect(jump).toBeHidden();
  await expect.poll(distanceFromBottom).toBeLessThan(60);
  await chat.stopButton.click();
});

test('sending a new message brings a reader who scrolled up back to the newest turn', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:markdown]] [[nonce:${uniqueNonce('scroll-send-1')}]]`);
  await chat.waitForAnswerToFinish();
  await chat.transcript.hover();
  await page.mouse.wheel(0, -1200);
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();

  await chat.send(`A second question [[nonce:${uniqueNonce('scroll-send-2')}]]`);
  await chat.waitForAnswerToFinish();
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
  await expect(chat.lastAnswer()).toBeInViewport();
});
