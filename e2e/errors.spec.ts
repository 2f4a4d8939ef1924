import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';
import { savedAnswers } from './support/saved';

const failuresBeforeStreaming = [
  { scenario: 'unauthorized', message: /ANTHROPIC_API_KEY/ },
  { scenario: 'forbidden', message: /ANTHROPIC_API_KEY/ },
  { scenario: 'rate-limited', extra: '[[retry-after:1]]', message: /rate limited\. Try again in 1 s/ },
  { scenario: 'overloaded', message: /Claude is overloaded/ },
  { scenario: 'bad-request', message: /Anthropic rejected the request: messages\.0\.content: text content blocks must be non-empty/ },
];

for (const { scenario, extra = '', message } of failuresBeforeStreaming) {
  test(`a ${scenario} response from Anthropic explains what to do`, async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open();
    await chat.send(`[[scenario:${scenario}]] ${extra} [[nonce:${uniqueNonce(scenario)}]]`);
    await expect(chat.alert).toContainText(message);
    await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(chat.sendButton).toBeVisible();
    // The question is kept; no answer was invented.
    await expect(page).toHaveURL(/\/c\//);
    expect(await savedAnswers(page)).toEqual([]);
  });
}

const failuresMidStream = [
  { scenario: 'overloaded-midstream', partial: 'This answer starts streaming normally, but the server becomes overloaded', message: /Claude is overloaded/ },
  { scenario: 'drop', partial: 'This answer starts streaming normally, but the connection is cut off', message: /Can't reach Anthropic/ },
];

for (const { scenario, partial, message } of failuresMidStream) {
  test(`a ${scenario} failure keeps the partial answer and offers Retry`, async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open();
    const nonce = uniqueNonce(scenario);
    await chat.send(`[[scenario:${scenario}]] [[nonce:${nonce}]]`);
    await expect(chat.alert).toContainText(message);
    const answer = await chat.waitForAnswerToFinish();
    await expect(answer).toContainText(partial);
    await expect(answer.locator('[data-stop-reason="error"]')).toBeVisible();

    // The answer was tried three times (two automatic reconnections); Retry starts again.
    expect((await requestsWithNonce(nonce)).length).toBe(3);
    await chat.alert.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(async () => (await requestsWithNonce(nonce)).length).toBe(6);
    await expect(chat.alert).toContainText(message);
  });
}

test('a 429 followed by success is retried invisibly', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('429-then-ok');
  await chat.send(`[[scenario:rate-limit-then-ok]] [[nonce:${nonce}]]`);
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token as it arrives.');
  await expect(chat.alert).toHaveCount(0);
  const attempts = await requestsWithNonce(nonce);
  expect(attempts.map((a) => a.status)).toEqual([429, 200]);
});

test('a refusal says that Claude declined', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[fixture:anthropic-refusal.sse]] [[nonce:${uniqueNonce('refusal')}]]`);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.locator('[data-stop-reason="refusal"]')).toContainText('Claude declined');
});

test('a slow first token shows a waiting state, then the answer', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:slow-first-token]] [[delay:1500]] [[nonce:${uniqueNonce('slow')}]]`);
  await expect(page.getByText('Waiting for Claude…')).toBeVisible();
  await expect(chat.stopButton).toBeVisible();
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token');
});
