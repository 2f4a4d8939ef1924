import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import type { FakeOpenMeteoRequest } from './fake-open-meteo/server.ts';
import { FAKE_OPEN_METEO_URL } from './support/config';
import { requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';
import { savedAnswers } from './support/saved';

test('a tool call streams into a card, runs, shows its result, and Claude answers with it', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('weather');
  // The arguments take about four seconds to arrive, so even a busy machine paints them arriving.
  await chat.send(`Weather in Paris? [[scenario:weather]] [[input-pace:500]] [[nonce:${nonce}]]`);

  const card = chat.lastAnswer().locator('[data-tool-name="get_weather"]');
  // The card is there while Claude is still writing the tool's arguments.
  await expect(card).toHaveAttribute('data-tool-state', 'input-streaming');
  await expect(card).toHaveAttribute('data-tool-state', 'output-available');
  await expect(card.getByRole('button')).toHaveAttribute('aria-expanded', 'false');
  await expect(card).toContainText('Paris');
  await expect(card).toContainText(/done in \d/);

  await card.getByRole('button').click();
  await expect(card.getByRole('button').first()).toHaveAttribute('aria-expanded', 'true');
  await expect(card).toContainText('Paris, Île-de-France, France');
  await expect(card).toContainText('18.4');
  await card.getByRole('button', { name: 'Show raw JSON' }).click();
  await expect(card).toContainText('"weatherCode"');

  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('Here is what the tools returned:');
  await expect(answer).toContainText('18.4');
  await expect(answer).toContainText('Done.');

  const steps = await requestsWithNonce(nonce);
  expect(steps.map((s) => s.step)).toEqual([1, 2]);
  expect(steps[1]!.toolResults).toEqual([expect.objectContaining({ is_error: false, content: expect.stringContaining('18.4') })]);
  // Usage is summed across both model calls, and each step is shown.
  await expect(chat.usage).toHaveAttribute('data-input-tokens', String(steps[0]!.usage!.input_tokens + steps[1]!.usage!.input_tokens));
  await expect(answer.locator('[data-steps="2"]')).toContainText('step 1');
});

test('a tool card opens from the keyboard', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:weather]] [[input-pace:0]] [[nonce:${uniqueNonce('keyboard')}]]`);
  const answer = await chat.waitForAnswerToFinish();
  const toggle = answer.locator('[data-tool-name="get_weather"]').getByRole('button').first();
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
});

test('parallel tool calls show as separate cards, in order', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('parallel');
  await chat.send(`[[scenario:parallel-tools]] [[nonce:${nonce}]]`);
  const answer = await chat.waitForAnswerToFinish();
  const cards = answer.locator('[data-tool-name]');
  await expect(cards).toHaveCount(2);
  expect(await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-tool-name')))).toEqual(['get_current_time', 'calculate']);
  await expect(cards.nth(0)).toHaveAttribute('data-tool-state', 'output-available');
  await expect(cards.nth(1)).toHaveAttribute('data-tool-state', 'output-available');
  await expect(answer).toContainText('18446744073709551616');
});

test('tool failures become errors Claude can read, and the answer carries on', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('tool-errors');
  await chat.send(`[[scenario:tool-errors]] [[nonce:${nonce}]]`);
  const answer = await chat.waitForAnswerToFinish();
  const cards = answer.locator('[data-tool-name]');
  await expect(cards).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(cards.nth(i)).toHaveAttribute('data-tool-state', 'output-error');
  await cards.nth(1).getByRole('button').click();
  await expect(cards.nth(1)).toContainText('Unknown tool "launch_rockets"');
  await expect(answer).toContainText('Done.');
  await expect(chat.alert).toHaveCount(0);

  const followUp = (await requestsWithNonce(nonce)).find((entry) => entry.step === 2)!;
  expect(followUp.toolResults.map((r) => r.is_error)).toEqual([true, true, true]);
  expect(followUp.toolResults[0]!.content).toMatch(/Invalid input for calculate/);
  expect(followUp.toolResults[2]!.content).toMatch(/Mars\/Olympus_Mons/);
});

test('an answer that keeps calling tools stops at the step limit with a clear note', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('loop');
  await chat.send(`[[scenario:tool-loop]] [[pace:0]] [[nonce:${nonce}]]`);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.locator('[data-stop-reason="step_limit"]')).toContainText('after 8 steps');
  expect(await requestsWithNonce(nonce)).toHaveLength(8);
  await expect(answer.locator('[data-tool-name]').last()).toHaveAttribute('data-tool-state', 'output-error');
});

test('Stop during a running tool aborts the tool and the answer', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('slow-tool');
  await chat.send(`[[scenario:slow-tool]] [[nonce:${nonce}]]`);
  const card = chat.lastAnswer().locator('[data-tool-name="get_weather"]');
  await expect(card).toHaveAttribute('data-tool-state', 'input-available');
  await expect(card).toContainText('running');

  await chat.stopButton.click();
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.locator('[data-stop-reason="stopped"]')).toBeVisible();
  await expect(card).toHaveAttribute('data-tool-state', 'output-error');
  // The tool's own HTTP request was cancelled, not left to run out its 30 seconds.
  await expect
    .poll(async () => {
      const log = (await (await fetch(`${FAKE_OPEN_METEO_URL}/_log`)).json()) as FakeOpenMeteoRequest[];
      return log.filter((r) => r.path === '/v1/forecast' && r.query.latitude === '12.3456').map((r) => r.outcome);
    })
    .toEqual(['client-disconnected']);
  // No follow-up reached Claude: the loop ended with the tool.
  expect(await requestsWithNonce(nonce)).toHaveLength(1);
  // Saved as stopped, the stopped tool call included.
  await expect.poll(async () => (await savedAnswers(page)).map((a) => a.status)).toEqual(['stopped']);
});

test('thinking streams open, collapses when done, and its signature goes back on the tool step', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('thinking-tool');
  // About five seconds of thinking, so even a busy machine paints it while it is still streaming.
  await chat.send(`[[scenario:thinking-tool]] [[pace:600]] [[nonce:${nonce}]]`);
  const reasoning = chat.lastAnswer().locator('[data-part="reasoning"]');
  await expect(reasoning).toHaveAttribute('data-state', 'streaming');
  await expect(reasoning.getByRole('button')).toHaveAttribute('aria-expanded', 'true');

  const answer = await chat.waitForAnswerToFinish(20_000);
  await expect(reasoning.getByRole('button')).toHaveAttribute('aria-expanded', 'false');
  await expect(reasoning.getByRole('button')).toContainText(/Thought for \d+ s/);
  await expect(answer).toContainText('Done.');
  await expect(chat.alert).toHaveCount(0);
  const followUp = (await requestsWithNonce(nonce)).find((entry) => entry.step === 2)!;
  expect(followUp.status).toBe(200);
  expect(followUp.assistantBlockTypes.at(-1)).toEqual(['thinking', 'tool_use']);
});

test('the thinking and web search switches reach Claude', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await page.getByRole('checkbox', { name: 'Thinking' }).check();
  await page.getByRole('checkbox', { name: /Web search/ }).check();
  const nonce = uniqueNonce('switches');
  await chat.send(`Hello [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  const entry = await theRequest(nonce);
  expect(entry.thinking).toEqual({ type: 'adaptive' });
  expect(entry.tools).toEqual(expect.arrayContaining(['get_weather', 'calculate', 'get_current_time', 'web_search', 'web_fetch']));

  await page.getByRole('checkbox', { name: /Web search/ }).uncheck();
  const second = uniqueNonce('switches-off');
  await chat.send(`Again [[nonce:${second}]]`);
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();
  expect((await theRequest(second)).tools).not.toContain('web_search');
});

test('a model that always thinks says so beside the Thinking switch', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const thinking = page.getByRole('checkbox', { name: 'Thinking' });
  await expect(thinking).toBeEnabled();
  await expect(page.getByText('always on for this model')).toHaveCount(0);

  await page.getByRole('combobox', { name: 'Model' }).selectOption('claude-opus-5-5');
  await expect(thinking).toBeChecked();
  await expect(thinking).toBeDisabled();
  await expect(page.getByText('(always on for this model)')).toBeVisible();
  await expect(thinking).toHaveAccessibleDescription('(always on for this model)');
});

test('cited answers show numbered links to their sources', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:citations]] [[nonce:${uniqueNonce('citations')}]]`);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('According to the docs, streams are sent as Server-Sent Events');
  await expect(answer.getByRole('link', { name: '[1]' })).toHaveAttribute('href', 'https://example.com/docs');
  await expect(answer.getByRole('region', { name: 'Sources' }).getByRole('link', { name: 'Docs' })).toHaveAttribute('href', 'https://example.com/docs');
});

test('a paused server-tool turn continues by itself', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('pause');
  await chat.send(`[[scenario:pause-turn]] [[nonce:${nonce}]]`);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.locator('[data-tool-name="web_search"]')).toHaveAttribute('data-tool-state', 'output-available');
  await expect(answer).toContainText('Rill streams tokens as they arrive.');
  const requests = await requestsWithNonce(nonce);
  expect(requests.map((r) => r.lastMessageRole)).toEqual(['user', 'assistant']);
});

for (const fixture of ['anthropic-web-search-tool.1.sse', 'anthropic-web-fetch-tool.1.sse', 'anthropic-code-execution-20250825.1.sse', 'anthropic-mcp.1.sse']) {
  test(`the recorded ${fixture} stream renders its server tools as cards`, async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open();
    await chat.send(`[[fixture:${fixture}]] [[nonce:${uniqueNonce('fixture')}]]`);
    const answer = await chat.waitForAnswerToFinish();
    const cards = answer.locator('[data-tool-name]');
    expect(await cards.count()).toBeGreaterThan(0);
    for (const state of await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-tool-state')))) {
      expect(state).toBe('output-available');
    }
    await expect(chat.alert).toHaveCount(0);
  });
}
