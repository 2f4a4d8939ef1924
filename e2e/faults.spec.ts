import { expect, test } from '@playwright/test';
import { TEXT_ANSWER } from './fake-anthropic/scenarios.ts';
import { ChatPage } from './support/chat-page';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';
import { savedAnswers } from './support/saved';

for (const scenario of ['overloaded-once', 'drop-once'] as const) {
  test(`a stream that fails midway (${scenario}) reconnects, and the answer appears exactly once, on screen and saved`, async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open();
    const nonce = uniqueNonce(scenario);
    await chat.send(`[[scenario:${scenario}]] [[pace:40]] [[nonce:${nonce}]]`);
    // A brief state (about half a second): wait for it frame by frame rather than by polling.
    await chat.lastAnswer().getByRole('status', { name: 'Reconnecting' }).waitFor({ state: 'visible' });
    const answer = await chat.waitForAnswerToFinish();
    await expect(answer.getByRole('status', { name: 'Reconnecting' })).toHaveCount(0);
    await expect(chat.alert).toHaveCount(0);
    expect(await answer.locator('.markdown').innerText()).toBe(TEXT_ANSWER);
    expect((await requestsWithNonce(nonce)).length).toBe(2);

    // The saved conversation holds the same text, once.
    await expect.poll(() => savedAnswers(page)).toEqual([{ status: 'complete', text: TEXT_ANSWER }]);
  });
}

test('when reconnecting keeps failing, the partial answer stays, marked, with Retry', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('storm');
  await chat.send(`[[scenario:overloaded-midstream]] [[nonce:${nonce}]]`);
  await expect(chat.alert).toContainText('Claude is overloaded');
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.locator('[data-stop-reason="error"]')).toBeVisible();
  await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeVisible();
  // The first attempt and two reconnections, no more.
  expect((await requestsWithNonce(nonce)).length).toBe(3);
  // What is saved is what is shown: the last attempt's partial text, once, marked as failed.
  const shown = await answer.locator('.markdown').innerText();
  expect(shown.length).toBeGreaterThan(0);
  await expect.poll(() => savedAnswers(page)).toEqual([{ status: 'error', text: shown }]);
});

test('a slow upstream keeps the waiting state until the first token, then streams normally', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:slow-first-token]] [[delay:2500]] [[nonce:${uniqueNonce('slow-upstream')}]]`);
  await expect(page.getByText('Waiting for Claude…')).toBeVisible();
  expect(await chat.waitForAnswerToFinish().then((a) => a.locator('.markdown').innerText())).toBe(TEXT_ANSWER);
  await expect.poll(() => savedAnswers(page)).toEqual([{ status: 'complete', text: TEXT_ANSWER }]);
});
