import { expect, test } from './support/test';
import { ChatPage } from './support/chat-page';
import { theRequest, tokenCountsWithNonce, uniqueNonce } from './support/fake-log';
import { SCENARIO_USAGE } from './fake-anthropic/scenarios.ts';

// Claude's own controls: effort, the prompt cache's lifetime and what it saved, and the context
// gauge counted by Anthropic's count_tokens endpoint (here the fake's).

test('an hour-long prompt cache reaches Claude, stays with the conversation, and the footer shows what the cache saved', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const cache = page.getByRole('combobox', { name: 'Prompt cache' });
  await expect(cache).toHaveValue('5m');
  await cache.selectOption('1 hour');

  const nonce = uniqueNonce('cache-1h');
  await chat.send(`Hello [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  const entry = await theRequest(nonce, (e) => e.outcome === 'completed');
  expect(entry.cacheControl).toEqual({ type: 'ephemeral', ttl: '1h' });

  // The fake reads 2,048 tokens from the cache and writes 512 to it, as the real API does on a later turn.
  const { cache_read_input_tokens: read, cache_creation_input_tokens: written } = SCENARIO_USAGE.text;
  await expect(chat.usage).toHaveAttribute('data-cache-read-tokens', String(read));
  await expect(chat.usage).toHaveAttribute('data-cache-write-tokens', String(written));
  // Sonnet 5.5 at $2 in: every cached token as input, less reads at 0.1× and 1-hour writes at 2×.
  const savedUsd = ((read + written) * 2 - read * 0.2 - written * 4) / 1_000_000;
  expect(Number(await chat.usage.getAttribute('data-cache-saved-usd'))).toBeCloseTo(savedUsd, 10);
  await chat.usage.getByRole('button', { name: /^Conversation:/ }).click();
  const figures = chat.usage.locator('dl');
  await expect(figures.getByRole('term')).toContainText(['Cache read', 'Cache write', 'Cache saved']);
  const figure = (term: string) => figures.locator('div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).getByRole('definition');
  await expect(figure('Cache saved')).toHaveText(`$${savedUsd.toFixed(4)}`);
  await expect(figure('Cache read')).toHaveText(read.toLocaleString('en-US'));

  // Saved with the conversation's settings.
  await page.goto(await chat.conversationPath());
  await expect(page.getByRole('combobox', { name: 'Prompt cache' })).toHaveValue('1h');
});

test('the effort setting reaches a model that takes it, and is not sent to one that does not', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('claude-sonnet-5-5');
  const effort = page.getByRole('combobox', { name: 'Effort' });
  await expect(effort).toHaveValue('');
  await effort.selectOption('Low');

  const first = uniqueNonce('effort-sonnet');
  await chat.send(`Be quick [[nonce:${first}]]`);
  await chat.waitForAnswerToFinish();
  expect((await theRequest(first)).outputConfig).toEqual({ effort: 'low' });

  // Haiku takes no effort setting: the select goes, and the request goes without it.
  await page.getByRole('combobox', { name: 'Model' }).selectOption('claude-haiku-5-5');
  await expect(effort).toHaveCount(0);
  const second = uniqueNonce('effort-haiku');
  await chat.send(`And again [[nonce:${second}]]`);
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();
  const haiku = await theRequest(second);
  expect(haiku.model).toBe('claude-haiku-5-5');
  expect(haiku.outputConfig).toBeUndefined();

  // Back on Sonnet, the conversation's choice is still there.
  await page.getByRole('combobox', { name: 'Model' }).selectOption('claude-sonnet-5-5');
  await expect(effort).toHaveValue('low');
});

test('the context gauge shows what Anthropic counts, and rises as the conversation grows', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const gauge = page.getByRole('meter', { name: /^Context:/ });
  // Nothing to count before the first message.
  await expect(gauge).toHaveCount(0);

  const first = uniqueNonce('gauge-1');
  await chat.send(`How big is this? [[nonce:${first}]]`);
  await chat.waitForAnswerToFinish();
  // The count is of the request the next answer would send: the whole history, with the tools and the cache breakpoint.
  let firstCount = 0;
  await expect
    .poll(async () => {
      const counts = (await tokenCountsWithNonce(first)).filter((entry) => entry.status === 200 && entry.messageCount === 2);
      firstCount = counts.at(-1)?.inputTokens ?? 0;
      return counts.at(-1);
    })
    .toMatchObject({ model: 'claude-sonnet-5-5', tools: expect.arrayContaining(['get_weather']), cacheControl: { type: 'ephemeral' } });
  await expect(gauge).toHaveAttribute('aria-valuenow', String(firstCount));
  await expect(gauge).toHaveAccessibleName(`Context: ${firstCount.toLocaleString('en-US')} of 1,000,000 tokens`);
  await expect(gauge).toContainText('<1% of context');

  const second = uniqueNonce('gauge-2');
  await chat.send(`A longer question this time, with [[scenario:paced]] [[words:120]] [[pace:0]] [[nonce:${second}]]`);
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();
  let secondCount = 0;
  await expect
    .poll(async () => {
      const counts = (await tokenCountsWithNonce(second)).filter((entry) => entry.status === 200 && entry.messageCount === 4);
      secondCount = counts.at(-1)?.inputTokens ?? 0;
      return secondCount;
    })
    .toBeGreaterThan(firstCount);
  await expect(gauge).toHaveAttribute('aria-valuenow', String(secondCount));
});

test('the context count refuses what it cannot count, as JSON', async ({ request }) => {
  const badModel = await request.get('/api/conversations/no-such-conversation/context?model=not%20a%20model');
  expect(badModel.status()).toBe(400);
  expect((await badModel.json()).error).toMatchObject({ type: expect.any(String), message: expect.stringContaining('model') });
  const missing = await request.get('/api/conversations/no-such-conversation/context?model=claude-sonnet-5-5');
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.type).toBe('not_found');
});
