import { expect, test, type Locator, type Page } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { uniqueNonce } from './support/fake-log';
import { shownOpacity } from './support/opacity';

function conversations(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Conversations' });
}

/** A finished conversation of one exchange, renamed to `title`; returns its path. */
async function conversationTitled(page: Page, title: string): Promise<string> {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[nonce:${uniqueNonce('sidebar')}]]`);
  await chat.waitForAnswerToFinish();
  const path = await chat.conversationPath();
  const sidebar = conversations(page);
  await expect(sidebar.locator(`a[href="${path}"]`)).toBeVisible();
  const renamed = page.waitForResponse((response) => response.request().method() === 'PATCH');
  await sidebar.locator('li', { has: page.locator(`a[href="${path}"]`) }).getByRole('button', { name: /^Actions for/ }).click();
  await sidebar.getByRole('menuitem', { name: 'Rename' }).click();
  await sidebar.getByRole('textbox', { name: 'Conversation title' }).fill(title);
  await page.keyboard.press('Enter');
  expect((await renamed).ok()).toBe(true);
  return path;
}

test('a new chat is listed while its first answer still streams, and the tab takes its title', async ({ page }) => {
  const chat = new ChatPage(page);
  const sidebar = conversations(page);
  await chat.open();
  await expect(page).toHaveTitle('Rill');
  await expect(sidebar).toContainText('No conversations yet.');
  // Long enough that it is still being written when the list is checked, even on a busy machine.
  await chat.send(`[[scenario:paced]] [[words:400]] [[pace:80]] [[nonce:${uniqueNonce('listed-early')}]]`);
  const path = await chat.conversationPath();
  await expect(sidebar.locator(`a[href="${path}"]`)).toBeVisible();
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  await expect(sidebar).not.toContainText('No conversations yet.');
  await chat.stopButton.click();
  await chat.waitForAnswerToFinish();

  // The title model's title reaches the tab without a reload, as it reaches the list.
  const link = sidebar.locator(`a[href="${path}"]`);
  await expect(link).not.toHaveAttribute('title', 'New chat');
  await expect(page).toHaveTitle(`${await link.getAttribute('title')} · Rill`);

  // A rename shows in the tab at once, and the server renders it there after a reload.
  await sidebar.getByRole('button', { name: /^Actions for/ }).click();
  await sidebar.getByRole('menuitem', { name: 'Rename' }).click();
  await sidebar.getByRole('textbox', { name: 'Conversation title' }).fill('River walk plans');
  await page.keyboard.press('Enter');
  await expect(page).toHaveTitle('River walk plans · Rill');
  await page.reload();
  await expect(page).toHaveTitle('River walk plans · Rill');

  // A new chat has no title of its own yet.
  await sidebar.getByRole('link', { name: 'New chat' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page).toHaveTitle('Rill');
});

test('New chat leaves the focus in the message box', async ({ page }) => {
  const chat = new ChatPage(page);
  const path = await conversationTitled(page, 'Focus check');
  await expect(page).toHaveURL(path);
  const newChat = conversations(page).getByRole('link', { name: 'New chat' });
  await newChat.focus();
  await page.keyboard.press('Enter');
  await expect(chat.transcript.locator('article')).toHaveCount(0);
  await expect(chat.composer).toBeFocused();
  await page.keyboard.type('typed at once');
  await expect(chat.composer).toHaveValue('typed at once');
});

test('row actions are a menu that shows on hover and focus and works from the keyboard; a delete can be undone', async ({ page }) => {
  const title = `A conversation title much too long for the sidebar to show whole ${uniqueNonce('long')}`;
  const path = await conversationTitled(page, title);
  const sidebar = conversations(page);
  const link = sidebar.locator(`a[href="${path}"]`);
  const actions = sidebar.getByRole('button', { name: `Actions for “${title}”` });

  // The title has the whole row and tells its full text as a tooltip; its actions wait out of sight.
  await expect(link).toHaveAttribute('title', title);
  const search = sidebar.getByRole('searchbox', { name: 'Search conversations' });
  await search.focus();
  await search.hover();
  await expect.poll(() => shownOpacity(actions)).toBe(0);
  await link.hover();
  await expect.poll(() => shownOpacity(actions)).toBe(1);
  await search.hover();
  await expect.poll(() => shownOpacity(actions)).toBe(0);
  await link.focus();
  await expect.poll(() => shownOpacity(actions)).toBe(1);

  // Tab reaches the menu button; Enter opens the menu on its first item, arrows move and wrap.
  await page.keyboard.press('Tab');
  await expect(actions).toBeFocused();
  await page.keyboard.press('Enter');
  const menu = sidebar.getByRole('menu', { name: `Actions for “${title}”` });
  await expect(actions).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
  // Esc closes it and gives the focus back to its button.
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(actions).toBeFocused();
  await expect(actions).toHaveAttribute('aria-expanded', 'false');

  // ↑ opens it on the last item; the confirmation names the chat in full, and Esc cancels it.
  await page.keyboard.press('ArrowUp');
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  const confirm = sidebar.getByRole('group', { name: `Delete “${title}”?` });
  await expect(confirm).toContainText(`Delete “${title}”?`);
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(link).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();

  const deletes: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'DELETE') deletes.push(request.url());
  });
  await page.keyboard.press('Enter');
  await expect(link).toHaveCount(0);
  await expect(sidebar.getByRole('status')).toContainText(`Deleted “${title}”`);
  const undo = sidebar.getByRole('button', { name: 'Undo' });
  await expect(undo).toBeFocused();
  // Deleting the open conversation leaves it for a new chat.
  await expect(page).toHaveURL(/\/$/);
  await page.keyboard.press('Enter');

  // Undone: the row is back, the conversation open again, and the server was never asked to delete it.
  await expect(link).toBeVisible();
  await expect(page).toHaveURL(path);
  await expect(sidebar.getByRole('status')).toBeEmpty();
  await page.reload();
  await expect(conversations(page).locator(`a[href="${path}"]`)).toBeVisible();
  expect(deletes).toEqual([]);
});

test('leaving the page during the undo window still deletes the conversation', async ({ page }) => {
  const title = `Deleted on the way out ${uniqueNonce('pagehide')}`;
  const path = await conversationTitled(page, title);
  const sidebar = conversations(page);
  await sidebar.getByRole('button', { name: `Actions for “${title}”` }).click();
  await sidebar.getByRole('menuitem', { name: 'Delete' }).click();
  await sidebar.getByRole('group', { name: /Delete/ }).getByRole('button', { name: 'Delete' }).click();
  await expect(sidebar.getByRole('button', { name: 'Undo' })).toBeVisible();
  await page.goto('/no-such-page');
  // The request left with the page, so only the server can tell it arrived.
  await expect.poll(async () => (await page.request.get(`/api${path.replace('/c/', '/conversations/')}`)).status()).toBe(404);
});

test('an unknown or deleted conversation is a 404 in Rill’s own page, with the way to a new chat', async ({ page }) => {
  const chat = new ChatPage(page);
  const response = await page.goto(`/c/${crypto.randomUUID()}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This conversation does not exist' })).toBeVisible();
  // Still Rill: the conversation list is there, and a link leads to a new chat.
  await expect(conversations(page)).toBeVisible();
  await page.getByRole('link', { name: 'Start a new chat' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.composer).toBeEditable();

  const other = await page.goto('/no-such-page');
  expect(other?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Start a new chat' })).toHaveAttribute('href', '/');
});
