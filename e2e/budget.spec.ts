import { expect, test, type APIRequestContext } from './support/test';
import { chatBody, ownerCookie } from './support/api';
import { ChatPage } from './support/chat-page';
import { E2E_BUDGET_GENERATIONS_PER_IP, E2E_BUDGET_MODELS, E2E_BUDGET_PER_IDENTITY_USD, E2E_PORTS } from './support/config';
import { requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';

// Rill as it runs in public: a daily budget per identity, web tools off, a short model list,
// and at most three answers generating at once per identity.
const BUDGET = `http://127.0.0.1:${E2E_PORTS.budget}`;
test.use({ baseURL: BUDGET });

/** The identity of a fresh API client: a page load gives it its cookie. */
async function identity(request: APIRequestContext): Promise<string> {
  await request.get(`${BUDGET}/`);
  return ownerCookie(request, BUDGET);
}

test('a budget used up mid-answer ends it clearly, keeps everything written and says when it resets', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await expect(chat.usage).toContainText(`$${E2E_BUDGET_PER_IDENTITY_USD} of $${E2E_BUDGET_PER_IDENTITY_USD} left today`);
  // Only what this Rill offers is offered.
  await expect(page.getByRole('checkbox', { name: /Web search/ })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Model' }).locator('option')).toHaveText(['Claude Sonnet 5.5', 'Claude Haiku 5.5']);

  await chat.send(`Hello [[nonce:${uniqueNonce('budget-first')}]]`);
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token as it arrives.');
  const budgetLeft = chat.usage.locator('[data-budget-left]');
  await expect.poll(async () => Number(await budgetLeft.getAttribute('data-budget-left'))).toBeLessThan(E2E_BUDGET_PER_IDENTITY_USD);

  // Each tool step costs about a third of the budget: the fourth is never opened.
  const nonce = uniqueNonce('budget-tools');
  await chat.send(`[[scenario:tool-loop]] [[nonce:${nonce}]]`);
  await expect(chat.alert).toContainText(/You have used your budget of \$0\.03 for today\. It resets at 00:00 UTC, in \d+ (h|min)/);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('Step 3: checking the time again.');
  await expect(answer.locator('[data-stop-reason="budget"]')).toContainText('It resets at 00:00 UTC');
  await expect(budgetLeft).toHaveAttribute('data-budget-left', '0');
  await expect(chat.usage).toContainText('$0 of $0.03 left today');
  expect((await requestsWithNonce(nonce)).map((entry) => entry.step)).toEqual([1, 2, 3]);
  await chat.conversationPath();

  await page.reload();
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(2);
  await expect(chat.assistantMessages().first()).toContainText('Rill streams every token as it arrives.');
  await expect(chat.lastAnswer()).toContainText('Step 3: checking the time again.');
  await expect(chat.lastAnswer().locator('[data-stop-reason="budget"]')).toContainText('you have used your budget for the day. It resets at 00:00 UTC.');
  await expect(chat.usage).toContainText('$0 of $0.03 left today');

  // The next message is refused before anything goes upstream.
  const refusedNonce = uniqueNonce('budget-refused');
  await chat.send(`One more [[nonce:${refusedNonce}]]`);
  await expect(chat.alert).toContainText(/You have used your budget of \$0\.03 for today\. It resets at 00:00 UTC, in \d+ (h|min)/);
  expect(await requestsWithNonce(refusedNonce)).toEqual([]);
});

test('a used-up budget is a 429 with Retry-After until 00:00 UTC', async ({ request }) => {
  await identity(request);
  const spend = await request.post('/api/chat', { data: chatBody(`[[scenario:tool-loop]] [[pace:0]] [[nonce:${uniqueNonce('budget-api')}]]`) });
  expect(await spend.text()).toContain('"stopReason":"budget"');

  const refused = await request.post('/api/chat', { data: chatBody(`[[nonce:${uniqueNonce('budget-api-refused')}]]`) });
  expect(refused.status()).toBe(429);
  expect((await refused.json()).error).toMatchObject({ type: 'budget_exceeded', message: expect.stringMatching(/resets at 00:00 UTC, in/) });
  const now = new Date();
  const secondsToMidnight = (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000;
  expect(Math.abs(Number(refused.headers()['retry-after']) - secondsToMidnight)).toBeLessThan(60);
});

test('a model outside the allow-list is a 400 naming the allowed models, and nothing goes upstream', async ({ request }) => {
  await identity(request);
  const nonce = uniqueNonce('model-not-allowed');
  const response = await request.post('/api/chat', { data: { ...chatBody(`[[nonce:${nonce}]]`), model: 'claude-opus-5-5' } });
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toEqual({ type: 'model_not_allowed', message: expect.stringContaining(E2E_BUDGET_MODELS.join(', ')) });
  expect(await requestsWithNonce(nonce)).toEqual([]);

  const allowed = await request.post('/api/chat', { data: { ...chatBody(`[[nonce:${uniqueNonce('model-allowed')}]] [[pace:0]]`), model: 'claude-haiku-5-5' } });
  expect(allowed.status()).toBe(200);
});

test('web search when the operator has not turned it on is a 400, and nothing goes upstream', async ({ request }) => {
  await identity(request);
  const nonce = uniqueNonce('web-tools-off');
  const response = await request.post('/api/chat', { data: { ...chatBody(`[[nonce:${nonce}]]`), webSearch: true } });
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toMatchObject({ type: 'web_tools_disabled', message: expect.stringContaining('RILL_WEB_TOOLS') });
  expect(await requestsWithNonce(nonce)).toEqual([]);
});

test('a fourth answer at once from one identity is a 429, for as long as the three run', async ({ request }) => {
  const cookie = await identity(request);
  // Haiku, so that three answers stay well within the budget.
  const start = (text: string, id: string, signal?: AbortSignal) =>
    fetch(`${BUDGET}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...chatBody(text, id), model: 'claude-haiku-5-5' }),
      ...(signal ? { signal } : {}),
    });

  const running = [1, 2, 3].map((n) => ({ nonce: uniqueNonce(`concurrent-${n}`), chatId: uniqueNonce(`chat-${n}`), reader: new AbortController() }));
  for (const { nonce, chatId, reader } of running) {
    const response = await start(`[[scenario:endless]] [[nonce:${nonce}]]`, chatId, reader.signal);
    expect(response.status).toBe(200);
    await theRequest(nonce, (entry) => entry.firstTextDeltaAt !== undefined);
  }
  // The answers run on without anyone reading them: they still hold their slots.
  for (const { reader } of running) reader.abort();

  const fourthNonce = uniqueNonce('concurrent-4');
  const fourth = await start(`[[nonce:${fourthNonce}]]`, uniqueNonce('chat-4'));
  expect(fourth.status).toBe(429);
  expect(((await fourth.json()) as { error: { type: string; message: string } }).error).toMatchObject({
    type: 'too_many_generations',
    message: expect.stringContaining('3 answers being written'),
  });
  expect(await requestsWithNonce(fourthNonce)).toEqual([]);

  for (const { nonce, chatId } of running) {
    expect(await (await request.post('/api/chat/stop', { data: { id: chatId } })).json()).toEqual({ stopped: true });
    expect((await theRequest(nonce, (entry) => entry.outcome !== 'streaming')).outcome).toBe('client-disconnected');
  }
  const afterwards = await start(`[[nonce:${uniqueNonce('concurrent-after')}]] [[pace:0]]`, uniqueNonce('chat-after'));
  expect(afterwards.status).toBe(200);
  await afterwards.text();
});

test('more identities from one address do not get around the cap: the address has its own', async () => {
  // This server trusts the test as its proxy, so the test can speak for an address of its own.
  const address = `198.19.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
  const headers = { 'x-forwarded-for': address };
  const newIdentity = async () => {
    const page = await fetch(`${BUDGET}/`, { headers });
    await page.body?.cancel();
    return page.headers.getSetCookie().find((cookie) => cookie.startsWith('rill_owner='))!.split(';')[0]!;
  };
  const start = (cookie: string, text: string, id: string) =>
    fetch(`${BUDGET}/api/chat`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...chatBody(text, id), model: 'claude-haiku-5-5' }),
    });

  const running: { cookie: string; nonce: string; chatId: string }[] = [];
  for (let n = 0; n < E2E_BUDGET_GENERATIONS_PER_IP; n++) {
    // A new identity for each answer: no identity reaches its own cap.
    const run = { cookie: await newIdentity(), nonce: uniqueNonce(`per-ip-${n}`), chatId: uniqueNonce(`per-ip-chat-${n}`) };
    const response = await start(run.cookie, `[[scenario:endless]] [[nonce:${run.nonce}]]`, run.chatId);
    expect(response.status).toBe(200);
    await response.body?.cancel();
    await theRequest(run.nonce, (entry) => entry.firstTextDeltaAt !== undefined);
    running.push(run);
  }

  const extraNonce = uniqueNonce('per-ip-extra');
  const extra = await start(await newIdentity(), `[[nonce:${extraNonce}]]`, uniqueNonce('per-ip-chat-extra'));
  expect(extra.status).toBe(429);
  expect(((await extra.json()) as { error: { type: string; message: string } }).error).toMatchObject({
    type: 'too_many_generations',
    message: expect.stringContaining('Your network'),
  });
  expect(await requestsWithNonce(extraNonce)).toEqual([]);

  for (const { cookie, nonce, chatId } of running) {
    const stop = await fetch(`${BUDGET}/api/chat/stop`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', cookie }, body: JSON.stringify({ id: chatId }) });
    expect(await stop.json()).toEqual({ stopped: true });
    expect((await theRequest(nonce, (entry) => entry.outcome !== 'streaming')).outcome).toBe('client-disconnected');
  }
});
