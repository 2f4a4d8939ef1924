import { expect, test, type Page } from '@playwright/test';
import type { FakeOpenMeteoRequest } from './fake-open-meteo/server.ts';
import { expectNoAxeViolations } from './support/axe';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS, FAKE_OPEN_METEO_URL } from './support/config';
import { VIEWPORTS } from './support/viewports';

test.use({ baseURL: `http://127.0.0.1:${E2E_PORTS.demo}` });

/** Opens a new chat and sends one of the empty state's example prompts. */
async function sendExample(page: Page, title: string): Promise<ChatPage> {
  const chat = new ChatPage(page);
  await chat.open();
  await page.getByRole('region', { name: 'See what Rill can do' }).getByRole('button', { name: title }).click();
  return chat;
}

test('with no API key the labelled demo model explains itself through the same streaming path', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await expect(page.getByRole('note')).toContainText('ANTHROPIC_API_KEY');
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('rill-demo');
  // The demo model is not Claude, and the empty state does not say it is.
  await expect(page.getByRole('region', { name: 'See what Rill can do' })).toBeVisible();
  await expect(page.getByText('What can Claude help with?')).toHaveCount(0);
  await expect(chat.composer).toHaveAttribute('placeholder', 'Message the demo model…');

  await chat.send('What is Rill?');
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('offline demo model, not Claude');
  await expect(answer).toContainText('set ANTHROPIC_API_KEY');
  // It points at what the demo can show.
  await expect(answer.locator('table')).toContainText('the weather in Lisbon');
  const usage = await chat.usageNumbers();
  expect(usage.input).toBeGreaterThan(0);
  expect(usage.output).toBeGreaterThan(0);
});

test('the weather example calls get_weather, answered offline, then the clock, and the chat is named by its first phrase', async ({ page }) => {
  const chat = await sendExample(page, 'Check the weather');
  const answer = await chat.waitForAnswerToFinish();
  const weather = answer.locator('[data-tool-name="get_weather"]');
  await expect(weather).toHaveAttribute('data-tool-state', 'output-available');
  await weather.getByRole('button').first().click();
  await expect(weather).toContainText('Lisbon, Portugal');
  await expect(answer.locator('[data-tool-name="get_current_time"]')).toHaveAttribute('data-tool-state', 'output-available');
  await expect(answer).toContainText('In Lisbon it is 19.6 °C and mainly clear');
  await expect(answer).toContainText(/The local time is \d\d:\d\d:\d\d/);
  await expect(answer.locator('[data-steps="3"]')).toBeAttached();

  // Canned data: the weather service was never asked.
  const log = (await (await fetch(`${FAKE_OPEN_METEO_URL}/_log`)).json()) as FakeOpenMeteoRequest[];
  expect(log.filter((request) => request.query.name === 'Lisbon')).toEqual([]);

  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar).toContainText('What is the weather in Lisbon right now');
  await expect(sidebar).not.toContainText('right now, and');
});

test('the maths example gets exact results from the calculator', async ({ page }) => {
  const chat = await sendExample(page, 'Do exact maths');
  const answer = await chat.waitForAnswerToFinish();
  const cards = answer.locator('[data-tool-name="calculate"]');
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toHaveAttribute('data-tool-state', 'output-available');
  await expect(cards.last()).toHaveAttribute('data-tool-state', 'output-available');
  await expect(answer).toContainText('2^64 - 1 is exactly 18,446,744,073,709,551,615');
  await expect(answer).toContainText('about 584.5 years');
});

test('the thinking example shows its reasoning, then the answer', async ({ page }) => {
  const chat = await sendExample(page, 'Think it through');
  await expect(page.getByRole('checkbox', { name: 'Thinking' })).toBeChecked();
  const answer = await chat.waitForAnswerToFinish();
  const reasoning = answer.locator('[data-part="reasoning"]');
  await expect(reasoning).toHaveAttribute('data-state', 'done');
  await reasoning.getByRole('button').click();
  await expect(reasoning.getByRole('button')).toHaveAttribute('aria-expanded', 'true');
  await expect(reasoning).toContainText('S = S + 3');
  await expect(answer.locator('.markdown')).toContainText('No split works');
});

test('the Markdown example streams a long answer with headings, a table and highlighted code', async ({ page }) => {
  const chat = await sendExample(page, 'Explain with code and a table');
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer.getByRole('heading', { name: 'How TCP congestion control works' })).toBeVisible();
  await expect(answer.locator('table')).toContainText('CUBIC');
  await expect(answer.locator('pre code')).toContainText('def reno(rounds: int, capacity: int = 64)');
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toContainText('Explain how TCP congestion control works');
});

test('the demo banner is one line at every width, and once dismissed it stays away', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const banner = page.getByRole('note');
  for (const width of [1280, 1024, 768, 640, 390, 360]) {
    await page.setViewportSize({ width, height: 780 });
    await expect(banner).toContainText('ANTHROPIC_API_KEY');
    // One line, and all of it: not wrapped, not cut short by its ellipsis.
    const fit = await banner.locator('p').evaluate((p) => ({
      lines: Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)),
      overflow: p.scrollWidth - p.clientWidth,
    }));
    expect(fit, `at ${width} px`).toEqual({ lines: 1, overflow: 0 });
  }

  await banner.getByRole('button', { name: 'Dismiss the demo notice' }).click();
  await expect(banner).toHaveCount(0);
  await expect(chat.composer).toBeFocused();
  await page.reload();
  await expect(chat.composer).toBeEditable();
  await expect(page.getByRole('note')).toHaveCount(0);
});

for (const theme of ['light', 'dark'] as const) {
  test(`demo mode's banner, empty state and example answers pass axe, ${theme} theme`, async ({ page, context }) => {
    // Four full axe scans of a page that now has more controls: on a busy two-core machine they
    // took 26–32 s together, so the test gets the time accessibility.spec.ts gives its scans.
    test.slow();
    await context.addCookies([{ name: 'rill-theme', value: theme, url: `http://127.0.0.1:${E2E_PORTS.demo}` }]);
    for (const viewport of [VIEWPORTS.mobile, VIEWPORTS.desktop]) {
      await page.setViewportSize(viewport);
      const chat = new ChatPage(page);
      await chat.open();
      await expectNoAxeViolations(page, `${viewport.width} px wide, the empty state and the banner`);
      await page.getByRole('button', { name: 'Think it through' }).click();
      await chat.waitForAnswerToFinish();
      await expectNoAxeViolations(page, `${viewport.width} px wide, after the thinking example`);
    }
  });
}

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
