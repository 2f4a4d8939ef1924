import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { uniqueNonce } from './support/fake-log';
import { VIEWPORTS } from './support/viewports';

test.use({ viewport: VIEWPORTS.mobile, hasTouch: true });

test('at 360 px the page never scrolls sideways and the composer stays on screen', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:markdown]] [[nonce:${uniqueNonce('mobile-long')}]]`);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.locator('pre').first()).toBeVisible();

  // Only the transcript scrolls: the page itself never does, sideways or down.
  const overflow = await page.evaluate(() => {
    const page = document.documentElement;
    return { sideways: page.scrollWidth - page.clientWidth, down: page.scrollHeight - page.clientHeight };
  });
  expect(overflow).toEqual({ sideways: 0, down: 0 });
  // Long code scrolls inside its own block.
  const code = answer.locator('pre').filter({ hasText: 'on_progress' }).first();
  const [scrollWidth, clientWidth] = await code.evaluate((element) => [element.scrollWidth, element.clientWidth]);
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await expect(chat.composer).toBeInViewport();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeInViewport();

  // Inline code is never cut mid-name, not even in a narrow table cell: the table scrolls instead.
  await expect(answer.locator('td code')).toHaveText('content_block_delta');
  const split = await answer
    .locator('.markdown :not(pre) > code')
    .evaluateAll((codes) => codes.filter((code) => !/\s/.test(code.textContent ?? '') && code.getClientRects().length > 1).map((code) => code.textContent));
  expect(split).toEqual([]);
});

test('the conversation list is a drawer: it opens, traps Esc, and closes on choosing a conversation', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`Drawer test [[nonce:${uniqueNonce('drawer')}]]`);
  await chat.waitForAnswerToFinish();
  const conversation = await chat.conversationPath();

  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar).toBeHidden();
  const toggle = page.getByRole('button', { name: 'Open conversations' });
  await toggle.click();
  const drawer = page.getByRole('dialog', { name: 'Conversations' });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('link', { name: 'New chat' })).toBeFocused();
  // The chat behind the drawer is out of reach until it closes.
  await expect(page.locator('main')).toHaveAttribute('inert');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(toggle).toBeFocused();

  await toggle.click();
  await drawer.getByRole('link', { name: 'New chat' }).click();
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(/\/$/);
  await toggle.click();
  await drawer.locator(`a[href="${conversation}"]`).click();
  await expect(drawer).toBeHidden();
  await expect(chat.transcript).toContainText('Drawer test');
});
