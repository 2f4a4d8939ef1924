import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';
import { savedAnswers } from './support/saved';

const failuresBeforeStreaming = [
  { scenario: 'unauthorized', title: 'Draft a cover letter', message: /ANTHROPIC_API_KEY.*only whoever runs this Rill can fix it/, retry: false },
  { scenario: 'forbidden', title: 'Sketch a garden plan', message: /ANTHROPIC_API_KEY.*only whoever runs this Rill can fix it/, retry: false },
  {
    scenario: 'bad-request',
    title: 'Explain tidal forces',
    message: /Anthropic rejected the request: messages\.0\.content: text content blocks must be non-empty/,
    retry: true,
  },
];

for (const { scenario, title, message, retry } of failuresBeforeStreaming) {
  test(`a ${scenario} response from Anthropic explains what to do, again after a reload`, async ({ page }) => {
    const chat = new ChatPage(page);
    const sidebar = page.getByRole('navigation', { name: 'Conversations' });
    await chat.open();
    await chat.send(`${title} [[scenario:${scenario}]] [[nonce:${uniqueNonce(scenario)}]]`);
    await expect(chat.alert).toContainText(message);
    // Retry only where it can help: a key or a permission is the operator's to fix.
    await expect(chat.alert.getByRole('button', { name: 'Retry' })).toHaveCount(retry ? 1 : 0);
    await expect(chat.sendButton).toBeVisible();
    // The chat is named from its message, not one more "New chat".
    await expect(sidebar.getByRole('link', { name: title })).toBeVisible();
    await expect(sidebar.getByRole('link', { name: 'New chat', exact: true })).toHaveCount(1);
    // The question is kept; no answer was invented.
    await chat.conversationPath();
    expect(await savedAnswers(page)).toEqual([]);

    await page.reload();
    await expect(chat.transcript.locator('article[data-role="user"]')).toContainText(title);
    await expect(chat.alert).toContainText(message);
    await expect(chat.alert.getByRole('button', { name: 'Retry' })).toHaveCount(retry ? 1 : 0);
    await expect(page.getByRole('button', { name: 'Regenerate answer' })).toHaveCount(0);
  });
}

test('a rate limit says that Claude is busy while Rill retries, then counts down to Retry', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await chat.open();
  const nonce = uniqueNonce('rate-limited');
  // Each of the three attempts waits 4 s: long enough for a busy machine to paint each state.
  await chat.send(`Summarise the news [[scenario:rate-limited]] [[retry-after:4]] [[nonce:${nonce}]]`);
  await expect(page.getByText('Claude is busy, retrying…')).toBeVisible();
  await expect(chat.alert).toContainText(/Claude is rate limited\. Try again in [1-4] s\./);
  const retry = chat.alert.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeDisabled();
  await expect(chat.alert).toContainText('Claude is rate limited. You can try again now.');
  await expect(retry).toBeEnabled();
  await expect(page.getByText('Claude is busy, retrying…')).toHaveCount(0);
  expect((await requestsWithNonce(nonce)).map((attempt) => attempt.status)).toEqual([429, 429, 429]);
  await expect(sidebar.getByRole('link', { name: 'Summarise the news' })).toBeVisible();
  await chat.conversationPath();
  expect(await savedAnswers(page)).toEqual([]);

  await retry.click();
  await expect.poll(async () => (await requestsWithNonce(nonce)).length).toBeGreaterThan(3);
});

test('an overloaded Claude is retried visibly, then offers Retry once its wait is over', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('overloaded');
  await chat.send(`[[scenario:overloaded]] [[nonce:${nonce}]]`);
  await expect(chat.alert).toContainText('Claude is overloaded right now.');
  await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeEnabled();
  expect((await requestsWithNonce(nonce)).map((attempt) => attempt.status)).toEqual([529, 529, 529]);
});

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
    // One retry control: the alert's (the answer offers neither Retry nor Regenerate beside it).
    await expect(page.getByRole('button', { name: /^(Retry|Regenerate answer)$/ })).toHaveCount(1);

    // The answer was tried three times (two automatic reconnections); Retry starts again.
    expect((await requestsWithNonce(nonce)).length).toBe(3);
    await chat.alert.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(async () => (await requestsWithNonce(nonce)).length).toBe(6);
    await expect(chat.alert).toContainText(message);

    // After a reload the answer's note offers the one Retry.
    await chat.conversationPath();
    await expect.poll(async () => (await savedAnswers(page)).map((saved) => saved.status)).toEqual(['error']);
    await page.reload();
    await expect(chat.lastAnswer().locator('[data-stop-reason="error"]')).toContainText(message);
    await expect(page.getByRole('button', { name: /^(Retry|Regenerate answer)$/ })).toHaveCount(1);
  });
}

test('a 429 followed by success says that Claude is busy, then answers', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('429-then-ok');
  await chat.send(`[[scenario:rate-limit-then-ok]] [[retry-after:3]] [[nonce:${nonce}]]`);
  await expect(page.getByText('Claude is busy, retrying…')).toBeVisible();
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token as it arrives.');
  await expect(page.getByText('Claude is busy, retrying…')).toHaveCount(0);
  await expect(chat.alert).toHaveCount(0);
  const attempts = await requestsWithNonce(nonce);
  expect(attempts.map((a) => a.status)).toEqual([429, 200]);
});

test('the answer placeholder is busy, without actions or usage, from its first frame', async ({ page }) => {
  // Every state the DOM goes through is recorded, before any of them is painted.
  await page.addInitScript(() => {
    const states: Array<{ busy: string | null; actions: number; usage: number }> = [];
    Object.assign(window, { placeholderStates: states });
    const record = () => {
      for (const article of document.querySelectorAll('article[data-role="assistant"]')) {
        const text = [...article.querySelectorAll('.markdown')].map((markdown) => markdown.textContent ?? '').join('');
        if (text.trim()) continue;
        states.push({
          busy: article.getAttribute('aria-busy'),
          actions: article.querySelectorAll('button[aria-label="Copy message"], button[aria-label="Regenerate answer"]').length,
          usage: article.querySelectorAll('footer[aria-label="Message usage"]').length,
        });
      }
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:slow-first-token]] [[delay:1500]] [[nonce:${uniqueNonce('placeholder')}]]`);
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token');
  const states = await page.evaluate(() => (window as unknown as { placeholderStates: unknown[] }).placeholderStates);
  expect(states.length).toBeGreaterThan(0);
  for (const state of states) expect(state).toEqual({ busy: 'true', actions: 0, usage: 0 });
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
