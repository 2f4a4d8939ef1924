import { expect, test } from './support/test';
import { chatBody, ownerCookie } from './support/api';
import { ChatPage } from './support/chat-page';
import { theRequest, uniqueNonce } from './support/fake-log';

test('Stop ends the upstream request and keeps the partial answer', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('stop');
  await chat.send(`Count forever [[scenario:endless]] [[pace:30]] [[nonce:${nonce}]]`);
  await expect(chat.lastAnswer()).toContainText('tick 5');

  const clickedAt = Date.now();
  await chat.stopButton.click();
  const entry = await theRequest(nonce, (e) => e.outcome !== 'streaming');
  expect(entry.outcome).toBe('client-disconnected');
  // Reported, not asserted: timings belong to the benchmark, not to pass/fail.
  test.info().annotations.push({ type: 'upstream closed after Stop (ms)', description: String(Math.round(entry.clientDisconnectedAt! - clickedAt)) });

  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('tick 5');
  await expect(answer.locator('[data-stop-reason="stopped"]')).toBeVisible();
  await expect(chat.sendButton).toBeVisible();
  await expect(chat.alert).toHaveCount(0);
});

test('Esc stops a streaming answer', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('esc');
  await chat.send(`[[scenario:endless]] [[nonce:${nonce}]]`);
  await expect(chat.lastAnswer()).toContainText('tick 2');
  await page.keyboard.press('Escape');
  expect((await theRequest(nonce, (e) => e.outcome !== 'streaming')).outcome).toBe('client-disconnected');
  await expect(chat.lastAnswer().locator('[data-stop-reason="stopped"]')).toBeVisible();
});

test('the explicit stop endpoint aborts upstream even while the browser keeps listening', async ({ request }) => {
  const nonce = uniqueNonce('stop-api');
  const chatId = `chat-${nonce}`;
  const baseURL = test.info().project.use.baseURL!;
  const cookie = await ownerCookie(request, baseURL);
  // Read the stream with plain fetch so this client never disconnects on its own.
  const streamed = fetch(`${baseURL}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(chatBody(`[[scenario:endless]] [[nonce:${nonce}]]`, chatId)),
  }).then((response) => response.text());
  await theRequest(nonce, (e) => e.firstTextDeltaAt !== undefined);

  const stop = await request.post('/api/chat/stop', { data: { id: chatId } });
  expect(await stop.json()).toEqual({ stopped: true });

  expect((await theRequest(nonce, (e) => e.outcome !== 'streaming')).outcome).toBe('client-disconnected');
  const sse = await streamed;
  expect(sse).toContain('"stopReason":"stopped"');
  expect(sse).toContain('"type":"finish"');
});
