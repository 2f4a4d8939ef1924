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
