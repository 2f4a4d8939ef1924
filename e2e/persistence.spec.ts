import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { TEXT_ANSWER } from './fake-anthropic/scenarios.ts';
import { fakeRequests, requestsWithNonce, uniqueNonce } from './support/fake-log';

test('a conversation comes back exactly after a reload: text, tool cards, thinking and usage', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('reload');
  await chat.send(`[[scenario:thinking-tool]] [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  await expect(page).toHaveURL(/\/c\/[\w-]+$/);
  const before = await chat.usageNumbers();
  const answerText = await chat.lastAnswer().locator('.markdown').innerText();

  await page.reload();
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('[[scenario:thinking-tool]]');
  await expect.poll(() => answer.locator('.markdown').innerText()).toBe(answerText);
  await expect(answer.locator('[data-tool-name="calculate"]')).toHaveAttribute('data-tool-state', 'output-available');
  await expect(answer.locator('[data-part="reasoning"]')).toContainText(/Thought for \d+ s/);
  expect(await chat.usageNumbers()).toEqual(before);
});

test('Stop, then reload: the partial answer is there, marked as stopped', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:endless]] [[pace:30]] [[nonce:${uniqueNonce('stop-reload')}]]`);
  await expect(chat.lastAnswer()).toContainText('tick 4');
  const stopped = page.waitForResponse((response) => response.url().endsWith('/api/chat/stop'));
  await chat.stopButton.click();
  await stopped;
  const partial = await chat.lastAnswer().locator('.markdown').innerText();
  await chat.conversationPath();

  await page.reload();
  const answer = chat.lastAnswer();
  await expect(answer.locator('[data-stop-reason="stopped"]')).toBeVisible();
  const restored = await answer.locator('.markdown').innerText();
  // Everything the user saw is kept (the server may have written a few more ticks before Stop landed).
  expect(restored.startsWith(partial.trim().slice(0, -8))).toBe(true);
});

test('a message whose answer failed before it began says why after a reload, and offers Retry', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('failed-reload');
  await chat.send(`Compare two laptops [[scenario:overloaded]] [[nonce:${nonce}]]`);
  await expect(chat.alert).toContainText('Claude is overloaded right now.');
  await chat.conversationPath();

  await page.reload();
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('Compare two laptops');
  await expect(chat.alert).toContainText('Claude is overloaded right now.');
  await chat.alert.getByRole('button', { name: 'Retry' }).click();
  // The same message is tried again (three attempts each time), not sent a second time.
  await expect.poll(async () => (await requestsWithNonce(nonce)).length).toBe(6);
  await expect(chat.alert).toContainText('Claude is overloaded right now.');
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
});

test('a message stopped before its answer began says that no answer was saved, and offers Retry', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await chat.open();
  const nonce = uniqueNonce('stopped-unanswered');
  await chat.send(`Name three rivers [[scenario:rate-limited]] [[retry-after:20]] [[nonce:${nonce}]]`);
  await expect(page.getByText('Claude is busy, retrying…')).toBeVisible();
  const stopped = page.waitForResponse((response) => response.url().endsWith('/api/chat/stop'));
  await chat.stopButton.click();
  await stopped;

  await sidebar.getByRole('link', { name: 'Name three rivers' }).click();
  await expect(page).toHaveURL(/\/c\//);
  await expect(chat.alert).toContainText('No answer was saved for this message.');
  await chat.alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByText('Claude is busy, retrying…')).toBeVisible();
  expect((await requestsWithNonce(nonce)).length).toBe(2);
  await chat.stopButton.click();
});

test('a new chat is named by the title model, asked only once its answer has started', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await chat.open();
  const nonce = uniqueNonce('title');
  await chat.send(`Plan a walk by the river [[pace:40]] [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();

  // The title model's reply (the fake answers its usual text), not the message's first words.
  const current = sidebar.locator('a[aria-current="page"]');
  await expect(current).toContainText(TEXT_ANSWER.slice(0, 30));
  await page.reload();
  await expect(sidebar.locator('a[aria-current="page"]')).toContainText(TEXT_ANSWER.slice(0, 30));

  const calls = (await fakeRequests()).filter((entry) => entry.nonce === nonce);
  const answer = calls.find((entry) => entry.stream);
  const title = calls.find((entry) => !entry.stream);
  expect(calls).toHaveLength(2);
  // Its upstream call never competes with the answer's first words.
  expect(title!.receivedAt).toBeGreaterThan(answer!.firstTextDeltaAt!);
});

test('conversations appear in the sidebar, and can be renamed, searched and deleted', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await chat.open();
  const word = uniqueNonce('zebra');
  await chat.send(`Tell me about ${word} [[nonce:${word}]]`);
  await chat.waitForAnswerToFinish();
  const item = sidebar.getByRole('link').filter({ hasText: /\S/ }).first();
  await expect(sidebar.getByRole('region', { name: 'Today' })).toBeVisible();
  await expect(item).toBeVisible();
  const conversationUrl = await chat.conversationPath();

  await sidebar.getByRole('button', { name: /^Actions for/ }).first().click();
  await sidebar.getByRole('menuitem', { name: 'Rename' }).click();
  const title = sidebar.getByRole('textbox', { name: 'Conversation title' });
  await title.fill(`Renamed ${word}`);
  const renamed = page.waitForResponse((response) => response.request().method() === 'PATCH');
  await title.press('Enter');
  expect((await renamed).ok()).toBe(true);
  await expect(sidebar.getByRole('link', { name: `Renamed ${word}` })).toBeVisible();
  await page.reload();
  await expect(sidebar.getByRole('link', { name: `Renamed ${word}` })).toBeVisible();

  // A second conversation, then search finds each by its content.
  await sidebar.getByRole('link', { name: 'New chat' }).click();
  await expect(chat.transcript.locator('article')).toHaveCount(0);
  const other = uniqueNonce('okapi');
  await chat.send(`Now about ${other} [[nonce:${other}]]`);
  await chat.waitForAnswerToFinish();
  await sidebar.getByRole('searchbox', { name: 'Search conversations' }).fill(word);
  await expect(sidebar.getByRole('link', { name: `Renamed ${word}` })).toBeVisible();
  await expect(sidebar.getByRole('listitem')).toHaveCount(1);
  await sidebar.getByRole('searchbox', { name: 'Search conversations' }).fill('no-such-conversation-anywhere');
  await expect(sidebar.getByText('No conversations match.')).toBeVisible();
  await sidebar.getByRole('searchbox', { name: 'Search conversations' }).fill('');

  await sidebar.getByRole('button', { name: `Actions for “Renamed ${word}”` }).click();
  await sidebar.getByRole('menuitem', { name: 'Delete' }).click();
  const deleted = page.waitForResponse((response) => response.request().method() === 'DELETE');
  await sidebar.getByRole('group', { name: /Delete/ }).getByRole('button', { name: 'Delete' }).click();
  // Gone from the list at once; the server is told once the chance to undo has passed.
  await expect(sidebar.getByRole('link', { name: `Renamed ${word}` })).toHaveCount(0);
  await expect(sidebar.getByRole('status')).toContainText(`Deleted “Renamed ${word}”`);
  expect((await deleted).status()).toBe(204);
  await expect(sidebar.getByRole('button', { name: 'Undo' })).toHaveCount(0);
  const gone = await page.goto(conversationUrl);
  expect(gone?.status()).toBe(404);
});

test('regenerate shows a new answer in place of the last, keeping the old one as a version', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('regenerate');
  await chat.send(`Hi [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  await chat.lastAnswer().getByRole('button', { name: 'Regenerate answer' }).click();
  await expect.poll(async () => (await requestsWithNonce(nonce)).length).toBe(2);
  await chat.waitForAnswerToFinish();
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.lastAnswer().getByRole('group', { name: 'Versions' })).toContainText('2 / 2');
  await page.reload();
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
  await expect(chat.lastAnswer().getByRole('group', { name: 'Versions' })).toContainText('2 / 2');
});

test('editing a message sends it as a new version, without what followed the original', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const first = uniqueNonce('edit-first');
  await chat.send(`First question [[nonce:${first}]]`);
  await chat.waitForAnswerToFinish();
  await chat.send(`Second question [[nonce:${uniqueNonce('edit-second')}]]`);
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();

  const edited = uniqueNonce('edited');
  await chat.transcript.locator('article[data-role="user"]').first().getByRole('button', { name: 'Edit message' }).click();
  await page.getByRole('textbox', { name: 'Edit message' }).fill(`Edited question [[nonce:${edited}]]`);
  await page.getByRole('button', { name: 'Save and send' }).click();
  await expect.poll(async () => (await requestsWithNonce(edited)).length).toBe(1);
  await chat.waitForAnswerToFinish();
  await expect(chat.transcript.locator('article')).toHaveCount(2);

  await page.reload();
  await expect(chat.transcript.locator('article')).toHaveCount(2);
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('Edited question');
  // Claude saw only the edited question.
  const [request] = await requestsWithNonce(edited);
  expect(request!.assistantBlockTypes).toEqual([]);
  // The original, and what followed it, are one click away.
  await chat.transcript.locator('article[data-role="user"]').getByRole('button', { name: 'Previous version' }).click();
  await expect(chat.transcript.locator('article')).toHaveCount(4);
  await expect(chat.transcript.locator('article[data-role="user"]').first()).toContainText('First question');
});

test('a conversation exports as Markdown and as JSON', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:weather]] [[input-pace:0]] [[nonce:${uniqueNonce('export')}]]`);
  await chat.waitForAnswerToFinish();
  const exportMenu = page.getByRole('button', { name: 'Export', exact: true });

  await exportMenu.click();
  const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Markdown' }).click()]);
  expect(markdown.suggestedFilename()).toMatch(/\.md$/);
  const text = await (await markdown.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(text).toContain('## You');
  expect(text).toContain('**Tool call: `get_weather`**');
  expect(text).toContain('Here is what the tools returned:');

  await exportMenu.click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'JSON' }).click()]);
  const data = JSON.parse(await (await json.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
  expect(data.messages).toHaveLength(2);
  expect(data.messages[1].parts.some((part: { type: string }) => part.type === 'tool-get_weather')).toBe(true);
});
