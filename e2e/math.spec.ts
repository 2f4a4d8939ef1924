import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';
import { uniqueNonce } from './support/fake-log';

/** Whether any stylesheet on the page styles `.katex` (KaTeX's own stylesheet has loaded). */
function katexStylesheetLoaded(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    [...document.styleSheets].some((sheet) => {
      try {
        return [...sheet.cssRules].some((rule) => rule instanceof CSSStyleRule && rule.selectorText === '.katex');
      } catch {
        return false;
      }
    }),
  );
}

/** The paragraph of the answer that starts with `start`. */
function paragraph(answer: Locator, start: string): Locator {
  return answer.locator('.markdown p').filter({ hasText: start });
}

test('formulas are typeset while the answer streams, and again after a reload', async ({ page }) => {
  // The answer is paced to take about ten seconds.
  test.slow();
  const chat = new ChatPage(page);
  await chat.open();
  // Slow enough (about 40 deltas, 250 ms apart) that KaTeX loads well before the answer ends.
  await chat.send(`[[scenario:math]] [[pace:250]] [[nonce:${uniqueNonce('math')}]]`);
  const answer = chat.lastAnswer();

  // Euler's identity arrives in three deltas; once closed, it is typeset while the answer goes on.
  const euler = paragraph(answer, "Euler's identity").locator('.katex').first();
  await expect(euler).toBeVisible();
  await expect(answer).toHaveAttribute('aria-busy', 'true');
  await expect(euler.locator('annotation')).toHaveText('e^{i\\pi} + 1 = 0');
  // KaTeX's stylesheet and fonts came with it.
  expect(await katexStylesheetLoaded(page)).toBe(true);
  await expect(euler).toHaveCSS('font-family', /KaTeX_Main/);

  await chat.waitForAnswerToFinish();
  await expect(answer.locator('.markdown .md-math-display .katex-display')).toHaveCount(2);
  const typeset = await answer.locator('.markdown').innerText();
  await chat.conversationPath();
  await page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'false');
  await expect(chat.lastAnswer().locator('.markdown .md-math-display .katex-display')).toHaveCount(2);
  await expect.poll(() => chat.lastAnswer().locator('.markdown').innerText()).toBe(typeset);
});

test('display formulas, prices, code, invalid and hostile TeX: what each becomes, and axe finds nothing', async ({ page }) => {
  // An axe scan of the whole page takes a while on a busy machine (as in accessibility.spec.ts).
  test.setTimeout(90_000);
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:math]] [[nonce:${uniqueNonce('math-content')}]]`);
  const answer = await chat.waitForAnswerToFinish();
  const markdown = answer.locator('.markdown');
  // Two display formulas ($$ … $$ over three lines, and \[ … \]), each focusable to scroll.
  await expect(markdown.locator('.md-math-display .katex-display')).toHaveCount(2);
  await expect(markdown.locator('.md-math-display').first()).toHaveAttribute('tabindex', '0');
  // Screen readers get MathML; the visual HTML is hidden from them.
  await expect(markdown.locator('.katex math').first()).toBeAttached();
  await expect(markdown.locator('.katex-html').first()).toHaveAttribute('aria-hidden', 'true');

  const prices = paragraph(answer, 'Prices stay text');
  await expect(prices).toHaveText('Prices stay text: the book costs $5 and the course $10. So does code: echo $HOME$.');
  await expect(prices.locator('.md-math')).toHaveCount(0);
  await expect(prices.locator('code')).toHaveText('echo $HOME$');

  // Invalid TeX shows its source in KaTeX's error style; the rest of the answer is intact.
  await expect(paragraph(answer, 'Invalid TeX').locator('.katex-error')).toHaveText(['\\frac{1}{', 'x^{2']);
  // Hostile TeX: no link and no image anywhere in the answer.
  const hostile = paragraph(answer, 'Hostile TeX');
  await expect(hostile.locator('.katex')).toHaveCount(2);
  await expect(markdown.locator('a, img')).toHaveCount(0);

  await expectNoAxeViolations(page, 'an answer with typeset math');
});

test('KaTeX loads only once an answer has a formula', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`No maths here, only $5 and $10. [[nonce:${uniqueNonce('no-math')}]]`);
  await chat.waitForAnswerToFinish();
  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('only $5 and $10.');
  expect(await katexStylesheetLoaded(page)).toBe(false);

  await chat.send(`[[scenario:math]] [[nonce:${uniqueNonce('first-math')}]]`);
  await chat.waitForAnswerToFinish();
  await expect(chat.lastAnswer().locator('.katex').first()).toBeVisible();
  await expect.poll(() => katexStylesheetLoaded(page)).toBe(true);
});

test.describe('the offline demo model', () => {
  test.use({ baseURL: `http://127.0.0.1:${E2E_PORTS.demo}` });

  test('answers a question about formulas with typeset TeX', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open();
    await chat.send('Show me some formulas in TeX');
    const answer = await chat.waitForAnswerToFinish();
    await expect(answer.locator('.markdown .katex-display')).toHaveCount(2);
    await expect(paragraph(answer, 'Inline, between single dollars').locator('.katex')).toHaveCount(2);
    await expect(paragraph(answer, 'Prices are not maths')).toContainText('a coffee at $3 and a cake at $4 stay plain text');
  });
});
