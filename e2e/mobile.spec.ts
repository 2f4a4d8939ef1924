import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { uniqueNonce } from './support/fake-log';
import { shownOpacity } from './support/opacity';
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

test('the header fits a phone: the model by its short name, and export in one menu', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`Header test [[nonce:${uniqueNonce('mobile-header')}]]`);
  await chat.waitForAnswerToFinish();

  const header = page.locator('main header');
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker).toHaveValue('claude-sonnet-5-5');
  await expect(header.getByText('Sonnet 5.5', { exact: true })).toBeVisible();
  await expect(header.locator('span').filter({ hasText: /^Claude Sonnet 5\.5$/ })).toBeHidden();
  await expect(picker).toBeInViewport({ ratio: 1 });
  // The menu still lists every model by its full name.
  await expect(picker.locator('option', { hasText: 'Claude Opus 5.5' })).toHaveCount(1);

  const exportMenu = header.getByRole('button', { name: 'Export', exact: true });
  await expect(exportMenu).toBeInViewport({ ratio: 1 });
  await exportMenu.click();
  for (const format of ['Markdown', 'JSON']) await expect(page.getByRole('menuitem', { name: format })).toBeInViewport({ ratio: 1 });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(exportMenu).toBeFocused();
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
  // No keyboard on a touch screen: no keyboard shortcuts offered.
  await expect(drawer.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  await expect(drawer.getByRole('button', { name: /Shortcuts/ })).toBeHidden();
  // Without hover, each conversation's actions are always in sight.
  await expect(drawer.getByRole('button', { name: /^Actions for/ })).toBeVisible();
  expect(await shownOpacity(drawer.getByRole('button', { name: /^Actions for/ }))).toBe(1);
  // The chat behind the drawer is out of reach until it closes.
  await expect(page.locator('main')).toHaveAttribute('inert');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(toggle).toBeFocused();

  await toggle.click();
  await drawer.getByRole('link', { name: 'New chat' }).click();
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.composer).toBeFocused();
  await toggle.click();
  await drawer.locator(`a[href="${conversation}"]`).click();
  await expect(drawer).toBeHidden();
  await expect(chat.transcript).toContainText('Drawer test');
});

test('in the drawer, a conversation menu closes on Esc without the drawer, and deleting the open conversation keeps Undo in sight', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`Delete me [[nonce:${uniqueNonce('drawer-delete')}]]`);
  await chat.waitForAnswerToFinish();
  const conversation = await chat.conversationPath();
  await page.getByRole('button', { name: 'Open conversations' }).click();
  const drawer = page.getByRole('dialog', { name: 'Conversations' });
  const actions = drawer.getByRole('button', { name: /^Actions for/ });

  await actions.click();
  await expect(drawer.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer.getByRole('menu')).toBeHidden();
  await expect(drawer).toBeVisible();
  await expect(actions).toBeFocused();

  await actions.click();
  await drawer.getByRole('menuitem', { name: 'Delete' }).click();
  await drawer.getByRole('group', { name: /^Delete/ }).getByRole('button', { name: 'Delete' }).click();
  // The chat behind moves to a new one; the drawer stays, with the way back.
  await expect(page).toHaveURL(/\/$/);
  await drawer.getByRole('button', { name: 'Undo' }).click();
  await expect(page).toHaveURL(conversation);
  await expect(drawer.locator(`a[href="${conversation}"]`)).toBeVisible();
});
