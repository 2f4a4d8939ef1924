import { MAX_TOKENS_TEXT, pacedText } from './fake-anthropic/scenarios.ts';
import { chatBody } from './support/api';
import { expectNoAxeViolations } from './support/axe';
import { ChatPage } from './support/chat-page';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';
import { savedAnswers } from './support/saved';
import { expect, test, type Page } from './support/test';

const WORDS = 300;
const WHOLE = pacedText(WORDS);

/** The words of a text: a continuation may join its answer with other whitespace than the original had. */
const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

async function usageOf(answer: ReturnType<ChatPage['lastAnswer']>): Promise<{ input: number; output: number }> {
  const footer = answer.locator('footer[aria-label="Message usage"]');
  return { input: Number(await footer.getAttribute('data-input-tokens')), output: Number(await footer.getAttribute('data-output-tokens')) };
}

async function exportedRoles(page: Page, path: string): Promise<string[]> {
  const exported = (await (await page.request.get(`/api/conversations/${path.split('/').at(-1)}/export?format=json`)).json()) as {
    messages: Array<{ role: string }>;
  };
  return exported.messages.map((message) => message.role);
}

test('Continue writes on at the end of a stopped answer: one answer, no new message, its usage summed, the same after a reload', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('continue');
  // About eight seconds of answer, stopped a few words in: the continuation has most of it to write.
  await chat.send(`Tell me a story [[scenario:paced]] [[words:${WORDS}]] [[pace:40]] [[nonce:${nonce}]]`);
  const answer = chat.lastAnswer();
  await expect(answer.locator('.markdown')).toContainText(WHOLE.split(' ').slice(0, 8).join(' '));
  await chat.stopButton.click();
  await expect(answer.locator('[data-stop-reason="stopped"]')).toBeVisible();
  const path = await chat.conversationPath();

  // The answer as saved once it stopped: what Claude is to continue.
  let partial = '';
  await expect
    .poll(async () => {
      const [saved] = await savedAnswers(page);
      partial = saved?.text ?? '';
      return saved?.status;
    })
    .toBe('stopped');
  expect(WHOLE.startsWith(partial) && partial.length < WHOLE.length).toBe(true);
  // Reopened, the stopped answer is as saved (the server may have written a word or two more
  // than reached the page before Stop) and still offers Continue.
  await page.reload();
  await expect(answer.locator('[data-stop-reason="stopped"]')).toBeVisible();
  await expectNoAxeViolations(page, 'a stopped answer offering Continue');
  const before = await usageOf(answer);

  await answer.getByRole('button', { name: 'Continue' }).click();
  await expect(answer).toHaveAttribute('aria-busy', 'true');
  await expect(chat.composer).toBeFocused();
  await chat.waitForAnswerToFinish(30_000);

  // Upstream: the partial answer as it was, then Rill's instruction to go on, as every model since
  // Claude 4.6 needs (they refuse a prefill, and so does the fake for its own models).
  const requests = await requestsWithNonce(nonce);
  expect(requests).toHaveLength(2);
  const continued = requests[1]!;
  expect(continued).toMatchObject({ lastMessageRole: 'user', continues: partial, outcome: 'completed' });
  expect(continued.prefill).toBeUndefined();

  // On screen: one answer, written to its end, the usage of both requests added up.
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
  expect(wordsOf(await answer.locator('.markdown').innerText())).toBe(wordsOf(WHOLE));
  await expect(answer.locator('[data-stop-reason]')).toHaveCount(0);
  // Screen readers hear what was added, once it is all there.
  const lastWords = WHOLE.split(' ').slice(-4).join(' ');
  await expect(page.locator('div[aria-live="polite"]')).toHaveText(/^Claude continued: /);
  await expect(page.locator('div[aria-live="polite"]')).toContainText(lastWords);
  const summed = { input: before.input + continued.usage!.input_tokens, output: before.output + continued.usage!.output_tokens };
  await expect.poll(() => usageOf(answer)).toEqual(summed);
  await expect(chat.usage).toHaveAttribute('data-output-tokens', String(summed.output));

  // Saved and exported as one exchange.
  await expect.poll(async () => (await savedAnswers(page)).map(({ status, text }) => ({ status, words: wordsOf(text) }))).toEqual([
    { status: 'complete', words: wordsOf(WHOLE) },
  ]);
  expect(await exportedRoles(page, path)).toEqual(['user', 'assistant']);

  await page.reload();
  const reloaded = chat.lastAnswer();
  await expect(reloaded).toHaveAttribute('aria-busy', 'false');
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
  expect(wordsOf(await reloaded.locator('.markdown').innerText())).toBe(wordsOf(WHOLE));
  expect(await usageOf(reloaded)).toEqual(summed);
});

test('Stop during a continuation keeps the whole text, and a reload mid-continuation shows the whole answer', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('continue-stop');
  // About sixteen seconds of answer: room to stop, continue, reload and stop again.
  const words = 800;
  const whole = pacedText(words);
  await chat.send(`[[scenario:paced]] [[words:${words}]] [[pace:40]] [[nonce:${nonce}]]`);
  const answer = chat.lastAnswer();
  const opening = whole.split(' ').slice(0, 8).join(' ');
  await expect(answer.locator('.markdown')).toContainText(opening);
  await chat.stopButton.click();
  await chat.conversationPath();
  await expect.poll(async () => (await savedAnswers(page))[0]?.status).toBe('stopped');

  await answer.getByRole('button', { name: 'Continue' }).click();
  // Well into the continuation (the words from the middle of the answer), reload: the answer is
  // replayed whole, its beginning included, and goes on streaming.
  const middle = whole.split(' ').slice(150, 156).join(' ');
  await expect(answer.locator('.markdown')).toContainText(middle);
  await page.reload();
  const reloaded = chat.lastAnswer();
  await expect(reloaded).toHaveAttribute('aria-busy', 'true');
  await expect(reloaded.locator('.markdown')).toContainText(opening);
  await expect(reloaded.locator('.markdown')).toContainText(middle);

  await chat.stopButton.click();
  await expect(reloaded.locator('[data-stop-reason="stopped"]')).toBeVisible();
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect.poll(async () => (await savedAnswers(page))[0]?.status).toBe('stopped');
  const [saved] = await savedAnswers(page);
  // Saved: the beginning and the continuation, as one answer that is a prefix of the whole.
  expect(wordsOf(saved!.text)).toContain(wordsOf(opening));
  expect(wordsOf(saved!.text)).toContain(wordsOf(middle));
  expect(wordsOf(whole).startsWith(wordsOf(saved!.text))).toBe(true);
  expect(await requestsWithNonce(nonce)).toHaveLength(2);
});

test('an answer cut off by max_tokens continues in place', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('continue-max');
  await chat.send(`[[scenario:max-tokens]] [[nonce:${nonce}]]`);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.locator('[data-stop-reason="max_tokens"]')).toBeVisible();
  const before = await answer.locator('.markdown').innerText();
  // An impatient double click asks once.
  await answer.getByRole('button', { name: 'Continue' }).dblclick();
  await expect.poll(async () => (await requestsWithNonce(nonce)).map((request) => request.outcome)).toEqual(['completed', 'completed']);
  await chat.waitForAnswerToFinish();
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
  expect((await answer.locator('.markdown').innerText()).length).toBeGreaterThan(before.length);
  const requests = await requestsWithNonce(nonce);
  expect(requests).toHaveLength(2);
  expect(requests[1]).toMatchObject({ lastMessageRole: 'user', continues: MAX_TOKENS_TEXT });
});

test('only the last answer, once it has ended, can be continued: otherwise a clear 409, and nothing goes upstream', async ({ request }) => {
  const nonce = uniqueNonce('continue-409');
  const turn = chatBody(`[[nonce:${nonce}]]`);
  await (await request.post('/api/chat', { data: turn })).text();
  await expect.poll(async () => (await requestsWithNonce(nonce)).map((entry) => entry.outcome)).toEqual(['completed']);

  // The user's message is not an answer to continue.
  const response = await request.post('/api/chat/continue', { data: { id: turn.id, messageId: turn.message.id } });
  expect(response.status()).toBe(409);
  expect((await response.json()).error).toMatchObject({ type: 'not_continuable', message: expect.stringMatching(/last answer/) });
  expect((await request.post('/api/chat/continue', { data: { id: uniqueNonce('nowhere'), messageId: turn.message.id } })).status()).toBe(404);
  expect(await requestsWithNonce(nonce)).toHaveLength(1);
});
