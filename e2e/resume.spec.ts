import { expect, test } from '@playwright/test';
import { pacedText } from './fake-anthropic/scenarios.ts';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';
import { savedAnswers } from './support/saved';
import { startTcpProxy } from './support/tcp-proxy';
import { requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';

const WORDS = 160;

test('a reload mid-answer reattaches to it: nothing regenerated, duplicated or missed', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('reload-mid');
  // About eight seconds of answer: a busy machine still reloads before its end.
  const words = 400;
  await chat.send(`[[scenario:paced]] [[words:${words}]] [[pace:40]] [[nonce:${nonce}]]`);
  await expect(chat.lastAnswer().locator('.markdown')).toContainText(pacedText(words).split(' ').slice(0, 8).join(' '));
  await expect(page).toHaveURL(/\/c\//);

  await page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  const answer = await chat.waitForAnswerToFinish();
  expect(await answer.locator('.markdown').innerText()).toBe(pacedText(words));
  expect(await requestsWithNonce(nonce)).toHaveLength(1);
  await expect.poll(() => savedAnswers(page)).toEqual([{ status: 'complete', text: pacedText(words) }]);
});

test('a dropped connection mid-answer reattaches: the answer continues, exactly once, on screen and saved', async ({ browser }) => {
  const proxy = await startTcpProxy(E2E_PORTS.app);
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${proxy.port}` });
  const page = await context.newPage();
  try {
    const chat = new ChatPage(page);
    await chat.open();
    const nonce = uniqueNonce('dropped');
    await chat.send(`[[scenario:paced]] [[words:${WORDS}]] [[pace:40]] [[nonce:${nonce}]]`);
    await expect(chat.lastAnswer().locator('.markdown')).toContainText(pacedText(WORDS).split(' ').slice(0, 8).join(' '));
    const reattached = page.waitForRequest((request) => /\/api\/chat\/[\w-]+\/stream$/.test(request.url()));
    proxy.dropAll();
    // The browser lost the response, asked for the running answer again, and got it.
    expect((await (await reattached).response())?.status()).toBe(200);
    const answer = chat.lastAnswer();
    await expect.poll(() => answer.locator('.markdown').innerText(), { timeout: 20_000 }).toBe(pacedText(WORDS));
    await expect(answer).toHaveAttribute('aria-busy', 'false');
    await expect(chat.alert).toHaveCount(0);
    await expect(chat.assistantMessages()).toHaveCount(1);
    expect(await requestsWithNonce(nonce)).toHaveLength(1);
    await expect.poll(() => savedAnswers(page)).toEqual([{ status: 'complete', text: pacedText(WORDS) }]);
  } finally {
    await context.close();
    await proxy.close();
  }
});

test('the browser going offline mid-answer and back loses nothing; a message sent offline says so and can be retried', async ({ page, context }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('offline');
  await chat.send(`[[scenario:paced]] [[words:${WORDS}]] [[pace:40]] [[nonce:${nonce}]]`);
  await expect(chat.lastAnswer().locator('.markdown')).not.toBeEmpty();
  await context.setOffline(true);
  // The answer goes on being written on the server; the browser has it all once it is back.
  await context.setOffline(false);
  const answer = await chat.waitForAnswerToFinish();
  expect(await answer.locator('.markdown').innerText()).toBe(pacedText(WORDS));
  expect(await requestsWithNonce(nonce)).toHaveLength(1);
  await expect.poll(() => savedAnswers(page)).toEqual([{ status: 'complete', text: pacedText(WORDS) }]);

  await context.setOffline(true);
  const retried = uniqueNonce('offline-send');
  await chat.send(`Are you there? [[nonce:${retried}]]`);
  await expect(chat.alert).toContainText("Can't reach the Rill server");
  await context.setOffline(false);
  await chat.alert.getByRole('button', { name: 'Retry' }).click();
  await expect(chat.assistantMessages()).toHaveCount(2);
  await expect(await chat.waitForAnswerToFinish()).toContainText('Rill streams every token');
  expect(await requestsWithNonce(retried)).toHaveLength(1);
});

test('with shared Postgres and Redis, an answer started on one instance resumes and stops from another', async ({ browser }) => {
  const context = await browser.newContext();
  const pageA = await context.newPage();
  const chatA = new ChatPage(pageA);
  await pageA.goto(`http://127.0.0.1:${E2E_PORTS.sharedA}/`);
  const nonce = uniqueNonce('multi');
  await chatA.send(`[[scenario:endless]] [[pace:40]] [[nonce:${nonce}]]`);
  await expect(chatA.lastAnswer()).toContainText('tick 3');
  // The new chat takes its address when the browser is next idle, not with the first words.
  await pageA.waitForURL(/\/c\//);
  const path = new URL(pageA.url()).pathname;

  const pageB = await context.newPage();
  const chatB = new ChatPage(pageB);
  await pageB.goto(`http://127.0.0.1:${E2E_PORTS.sharedB}${path}`);
  // B replays what A has written so far and follows it live.
  await expect(chatB.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  const seenOnB = await chatB.lastAnswer().locator('.markdown').innerText();
  const nextTick = Number(/tick (\d+) $/.exec(seenOnB.trimEnd() + ' ')?.[1] ?? '3') + 3;
  await expect(chatB.lastAnswer()).toContainText(`tick ${nextTick}`);

  const stopped = pageB.waitForResponse((response) => response.url().endsWith('/api/chat/stop'));
  await chatB.stopButton.click();
  expect((await stopped).ok()).toBe(true);
  expect((await theRequest(nonce, (entry) => entry.outcome !== 'streaming')).outcome).toBe('client-disconnected');
  await pageB.reload();
  await expect(chatB.lastAnswer().locator('[data-stop-reason="stopped"]')).toBeVisible();
  await context.close();
});
