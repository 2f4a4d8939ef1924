import { expect, test } from '@playwright/test';
import { attachmentFixture, pickFiles } from './support/attachments';
import { expectNoAxeViolations } from './support/axe';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';
import { uniqueNonce } from './support/fake-log';
import { VIEWPORTS, type ViewportName } from './support/viewports';

const themes = ['light', 'dark'] as const;

for (const theme of themes) {
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    test.describe(`${theme} theme, ${viewport}`, () => {
      test.use({ viewport: VIEWPORTS[viewport] });

      test.beforeEach(async ({ context }) => {
        await context.addCookies([{ name: 'rill-theme', value: theme, url: `http://127.0.0.1:${E2E_PORTS.app}` }]);
      });

      test('every state of the chat passes axe', async ({ page }) => {
        // Two scans more than the other states, on a machine that may be busy.
        test.setTimeout(90_000);
        const chat = new ChatPage(page);
        await chat.open();
        await expect(page.locator('html')).toHaveClass(theme === 'dark' ? 'dark' : '');
        await expectNoAxeViolations(page, 'empty state');

        await pickFiles(page, attachmentFixture('pixel.png').pathname);
        await pickFiles(page, { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('plain text, not a picture') });
        await expect(page.getByRole('list', { name: 'Attached files' }).getByRole('listitem')).toHaveCount(1);
        await expect(chat.composer.locator('xpath=ancestor::form').getByRole('alert')).toContainText('notes.png');
        await expectNoAxeViolations(page, 'an attached image and a refused file');

        await chat.send(`Weather in Paris? [[scenario:weather]] [[nonce:${uniqueNonce('axe-tool')}]]`);
        const toolAnswer = await chat.waitForAnswerToFinish();
        await toolAnswer.locator('[data-tool-name="get_weather"]').getByRole('button').first().click();
        await expect(toolAnswer.getByRole('button', { name: 'Show raw JSON' })).toBeVisible();
        await expectNoAxeViolations(page, 'expanded tool card');

        await chat.send(`[[scenario:markdown]] [[nonce:${uniqueNonce('axe-markdown')}]]`);
        await expect(chat.assistantMessages()).toHaveCount(2);
        await chat.waitForAnswerToFinish();
        await expectNoAxeViolations(page, 'streamed Markdown answer');

        await chat.lastAnswer().locator('footer[aria-label="Message usage"]').getByRole('button').click();
        await expect(chat.lastAnswer().getByRole('term').first()).toBeVisible();
        await expectNoAxeViolations(page, 'usage details');

        await chat.transcript.locator('article[data-role="user"]').getByRole('link', { name: 'pixel.png' }).click();
        const lightbox = page.getByRole('dialog', { name: 'pixel.png' });
        await expect(lightbox).toBeVisible();
        await expectNoAxeViolations(page, 'image lightbox');
        await page.keyboard.press('Escape');
        await expect(lightbox).toBeHidden();

        await page.getByRole('checkbox', { name: 'Thinking' }).check();
        await page.getByRole('checkbox', { name: /Web search/ }).check();
        await expectNoAxeViolations(page, 'chat settings');

        await chat.send(`[[scenario:overloaded]] [[nonce:${uniqueNonce('axe-error')}]]`);
        await expect(chat.alert).toContainText('overloaded');
        await expectNoAxeViolations(page, 'error state');

        if (viewport === 'mobile') await page.getByRole('button', { name: 'Open conversations' }).click();
        const sidebar = page.getByRole('navigation', { name: 'Conversations' });
        await expect(sidebar.getByRole('link').nth(1)).toBeVisible();
        await expectNoAxeViolations(page, 'sidebar');

        await sidebar.getByRole('button', { name: /Shortcuts/ }).click();
        await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
        await expectNoAxeViolations(page, 'keyboard shortcuts dialog');
      });
    });
  }
}

test('screen readers hear each finished answer once, never token by token', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const announcer = page.locator('div[aria-live="polite"]');
  await announcer.evaluate((region) => {
    const spoken: string[] = [];
    (window as unknown as { spoken: string[] }).spoken = spoken;
    new MutationObserver(() => {
      if (region.textContent) spoken.push(region.textContent);
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  const spoken = () => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);

  await chat.send(`[[pace:150]] [[nonce:${uniqueNonce('announce-1')}]]`);
  await expect(chat.lastAnswer()).toContainText('Rill streams');
  await expect(chat.stopButton).toBeVisible();
  expect(await spoken()).toEqual([]);
  const first = await (await chat.waitForAnswerToFinish()).locator('.markdown').innerText();
  await expect.poll(spoken).toEqual([`Claude answered: ${first.trim()}`]);

  await chat.send(`[[scenario:markdown]] [[nonce:${uniqueNonce('announce-2')}]]`);
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();
  await expect.poll(async () => (await spoken()).length).toBe(2);
  expect((await spoken())[1]).toMatch(/^Claude answered: # Streaming Markdown in Rill/);
});
