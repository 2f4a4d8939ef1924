import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';

test.use({ baseURL: `http://127.0.0.1:${E2E_PORTS.demo}` });

test('with no API key the labelled demo model answers through the same streaming path', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await expect(page.getByRole('note')).toContainText('ANTHROPIC_API_KEY');
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('rill-demo');

  await chat.send('What is Rill?');
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('offline demo model');
  await expect(answer.locator('table')).toBeVisible();
  const usage = await chat.usageNumbers();
  expect(usage.input).toBeGreaterThan(0);
  expect(usage.output).toBeGreaterThan(0);
});

test('near the context window Rill warns before the next message, and trimming makes room', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const warning = page.getByRole('region', { name: 'Context window' });
  await chat.send('First question about rivers');
  await chat.waitForAnswerToFinish();
  await expect(warning).toHaveCount(0);
  await chat.send('Second question about lakes');
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();
  await expect(warning).toContainText('context window');

  await warning.getByRole('button', { name: 'Trim the oldest turns' }).click();
  await expect(chat.transcript.locator('article')).toHaveCount(2);
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('Second question about lakes');
  await expect(warning).toHaveCount(0);
});

test('near the context window Rill can carry a summary into a new chat', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send('Tell me about herons');
  await chat.waitForAnswerToFinish();
  await chat.send('And about egrets');
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();
  const before = page.url();
  await page.getByRole('region', { name: 'Context window' }).getByRole('button', { name: 'Start a new chat with a summary' }).click();
  await expect(page).not.toHaveURL(before);
  await expect(page).toHaveURL(/\/c\/[\w-]+$/);
  const summary = chat.transcript.locator('article[data-role="user"]');
  await expect(summary).toHaveCount(1);
  await expect(summary).toContainText('summary of our earlier conversation');
  await expect(summary).toContainText('herons');
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toContainText('(continued)');
});
