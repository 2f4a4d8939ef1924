import { expect, test, type Locator, type Page } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';
import { VIEWPORTS, type ViewportName } from './support/viewports';

// The committed references (e2e/screenshots.spec.ts-snapshots) are the look of Rill.
// After an intended change: npx playwright test e2e/screenshots.spec.ts --update-snapshots
// A new icon is a few hundred pixels: the tolerance is well below that.
const screenshotOptions = { maxDiffPixels: 100 };

async function expectScreen(page: Page, name: string, mask: Locator[] = [], options: { maxDiffPixels?: number; maxDiffPixelRatio?: number } = {}) {
  await expect(page).toHaveScreenshot(`${name}.png`, { ...screenshotOptions, mask, ...options });
}

// A screen of scrolled long text: on a loaded machine, alternate lines of it were seen to
// render up to 1% of the pixels differently (text anti-aliased at other sub-pixel offsets).
// 2% still fails any change of layout, which moves most of the screen. The pixel count must be
// unset: given both, Playwright applies the stricter.
const scrolledTextTolerance = { maxDiffPixels: undefined, maxDiffPixelRatio: 0.02 };

for (const theme of ['light', 'dark'] as const) {
  for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
    test.describe(`${viewport}, ${theme}`, () => {
      test.use({ viewport: VIEWPORTS[viewport] });

      test.beforeEach(async ({ context }) => {
        await context.addCookies([{ name: 'rill-theme', value: theme, url: `http://127.0.0.1:${E2E_PORTS.app}` }]);
      });

      test('key states look as designed', async ({ page }) => {
        const chat = new ChatPage(page);
        await chat.open();
        // From the start, so the layout (and the scroll position) never changes for the screenshot.
        await page.addStyleTag({ path: 'e2e/support/screenshot.css' });
        await expect(page.getByText('No conversations yet.')).toBeAttached();
        await expectScreen(page, `empty-${viewport}-${theme}`);

        await chat.send('What is the weather in Paris?');
        const answer = await chat.waitForAnswerToFinish();
        await answer.locator('[data-tool-name="get_weather"]').getByRole('button').first().click();
        await expect(answer.getByRole('button', { name: 'Show raw JSON' })).toBeVisible();
        // The fake echoes the tool results, which start with a random tool_use id: masked, and
        // given a fixed height, since the id's glyphs wrap it onto more or fewer lines on a phone.
        const echoed = answer.locator('.markdown li');
        await echoed.evaluateAll((items) => {
          for (const item of items) Object.assign((item as HTMLElement).style, { height: '16rem', overflow: 'hidden' });
        });
        // Whether the click had to scroll the card into view first depends on a few pixels of
        // layout on a phone: the screen is the transcript's end either way.
        await chat.transcript.evaluate((log) => {
          log.scrollTop = log.scrollHeight;
        });
        await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
        // The sidebar, where the title shows, is only on screen at desktop width.
        if (viewport === 'desktop') await waitForTitle(page);
        await expectScreen(page, `tool-call-${viewport}-${theme}`, [echoed]);

        await chat.send('How does Rill render Markdown while it streams?');
        await expect(chat.assistantMessages()).toHaveCount(2);
        const markdown = await chat.waitForAnswerToFinish();
        // The answer's top, not the bottom of the transcript: the view then does not depend on
        // sub-pixel differences in the height of everything above it.
        await markdown.evaluate((article) => article.scrollIntoView({ block: 'start' }));
        await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
        await expectScreen(page, `markdown-answer-${viewport}-${theme}`, [], scrolledTextTolerance);

        if (viewport === 'mobile') {
          // Behind the drawer, the transcript's end (as in the tool-call screen), not scrolled text,
          // whose anti-aliasing varies: the drawer screen keeps the strict tolerance.
          await page.getByRole('button', { name: 'Jump to latest' }).click();
          await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
          await page.getByRole('button', { name: 'Open conversations' }).click();
          await expect(page.getByRole('dialog', { name: 'Conversations' })).toBeVisible();
          await waitForTitle(page);
          await expectScreen(page, `drawer-${viewport}-${theme}`);
        }
      });
    });
  }
}

/** The sidebar shows the conversation's generated title, which arrives just after the answer. */
async function waitForTitle(page: Page) {
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByRole('listitem')).toHaveCount(1);
  await expect(sidebar.getByRole('listitem').getByRole('link')).not.toHaveText(/weather in Paris/);
}
