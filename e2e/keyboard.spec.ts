import { expect, test } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { uniqueNonce } from './support/fake-log';
import { tabTo } from './support/keyboard';

test('the whole chat works from the keyboard alone', async ({ page, context }) => {
  test.setTimeout(60_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const chat = new ChatPage(page);
  await chat.open();

  // Compose and send; the focus stays in the message box.
  await page.keyboard.press('/');
  await expect(chat.composer).toBeFocused();
  await page.keyboard.type(`First conversation [[scenario:weather]] [[nonce:${uniqueNonce('kb-first')}]]`);
  await page.keyboard.press('Enter');
  await expect(chat.composer).toBeFocused();
  await expect(chat.composer).toHaveValue('');
  await chat.waitForAnswerToFinish();
  const firstAnswer = chat.assistantMessages().first();
  const firstConversation = await chat.conversationPath();

  // Esc stops an answer that would otherwise never end.
  await page.keyboard.type(`[[scenario:endless]] [[pace:40]] [[nonce:${uniqueNonce('kb-stop')}]]`);
  await page.keyboard.press('Enter');
  await expect(chat.stopButton).toBeVisible();
  await expect(chat.assistantMessages()).toHaveCount(2);
  await expect(chat.lastAnswer().locator('.markdown')).not.toBeEmpty();
  await page.keyboard.press('Escape');
  await expect(chat.sendButton).toBeVisible();
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'false');
  await expect(chat.lastAnswer().getByRole('button', { name: 'Regenerate answer' })).toBeVisible();

  // Move between messages, then open the tool card of the first answer.
  await page.keyboard.press('Alt+ArrowUp');
  await expect(chat.lastAnswer()).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(firstAnswer).toBeFocused();
  const toolToggle = firstAnswer.locator('[data-tool-name="get_weather"]').getByRole('button').first();
  await tabTo(page, toolToggle);
  await page.keyboard.press('Enter');
  await expect(toolToggle).toHaveAttribute('aria-expanded', 'true');

  // Copy that answer, then regenerate the last one.
  await tabTo(page, firstAnswer.getByRole('button', { name: 'Copy message' }));
  await page.keyboard.press('Enter');
  await expect(firstAnswer.getByRole('status').filter({ hasText: 'Copied to clipboard' })).toBeAttached();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Here is what the tools returned');
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(chat.lastAnswer()).toBeFocused();
  await tabTo(page, chat.lastAnswer().getByRole('button', { name: 'Regenerate answer' }));
  await page.keyboard.press('Enter');
  await expect(chat.stopButton).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(chat.sendButton).toBeVisible();

  // Open the conversation list, start a new chat, then switch back to the first one.
  await page.keyboard.press('Control+Shift+S');
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByRole('searchbox', { name: 'Search conversations' })).toBeFocused();
  await tabTo(page, sidebar.getByRole('link', { name: 'New chat' }), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.assistantMessages()).toHaveCount(0);
  // A new chat is ready for typing.
  await expect(chat.composer).toBeFocused();
  await page.keyboard.type(`Second conversation [[nonce:${uniqueNonce('kb-second')}]]`);
  await page.keyboard.press('Enter');
  await chat.waitForAnswerToFinish();
  await page.keyboard.press('Control+Shift+S');
  const firstLink = sidebar.locator(`a[href="${firstConversation}"]`);
  await tabTo(page, firstLink);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(firstConversation);
  await expect(chat.transcript).toContainText('First conversation');
});

test('"?" lists the shortcuts in a dialog that Esc closes, handing the focus back', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const newChat = page.getByRole('link', { name: 'New chat' });
  await newChat.focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Stop the answer');
  await expect(dialog).toContainText('Previous message');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(newChat).toBeFocused();

  // Typed into the message box, "?" is just a character.
  await chat.composer.focus();
  await page.keyboard.type('Why?');
  await expect(chat.composer).toHaveValue('Why?');
  await expect(dialog).toBeHidden();
});

test('an example prompt sends at once and leaves the focus in the message box', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const examples = page.getByRole('region', { name: 'What can Claude help with?' }).getByRole('button');
  await expect(examples).toHaveCount(4);
  await examples.filter({ hasText: 'Check the weather' }).click();
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('weather in Lisbon');
  await expect(chat.composer).toBeFocused();
  await chat.waitForAnswerToFinish();
});
