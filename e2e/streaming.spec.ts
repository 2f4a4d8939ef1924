import { expect, test } from '@playwright/test';
import { UNICODE_TEXT } from './fake-anthropic/scenarios.ts';
import { ChatPage } from './support/chat-page';
import { requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';

type Sample = { length: number; busy: string | null; outputTokens: number };

declare global {
  interface Window {
    __samples?: Sample[];
  }
}

/** Records every DOM state of the latest answer, so a test can see what the user saw over time. */
async function recordAnswerStates(chat: ChatPage): Promise<void> {
  await chat.page.evaluate(() => {
    const samples: Sample[] = [];
    window.__samples = samples;
    const log = document.querySelector('[role="log"]')!;
    const usage = document.querySelector('[role="status"][aria-label="Token usage"]');
    new MutationObserver(() => {
      const article = [...log.querySelectorAll('article[data-role="assistant"]')].at(-1);
      if (!article) return;
      const text = [...article.querySelectorAll('.markdown')].map((el) => el.textContent ?? '').join('');
      const sample = { length: text.length, busy: article.getAttribute('aria-busy'), outputTokens: Number(usage?.getAttribute('data-output-tokens')) };
      const last = samples.at(-1);
      if (!last || last.length !== sample.length || last.busy !== sample.busy || last.outputTokens !== sample.outputTokens) samples.push(sample);
    }).observe(log.parentElement!, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

test('an answer appears token by token while Claude is still writing it', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await recordAnswerStates(chat);
  const nonce = uniqueNonce('incremental');
  // Twelve seconds of answer: the first words must show long before the fake has sent the last, even on a busy machine.
  await chat.send(`Tell me a story [[scenario:paced]] [[words:300]] [[pace:40]] [[nonce:${nonce}]]`);

  // The first words are on screen while the fake is still sending the rest: nothing is buffered.
  await expect(chat.lastAnswer().locator('.markdown').first()).not.toBeEmpty();
  const [entry] = await requestsWithNonce(nonce);
  expect(entry?.outcome).toBe('streaming');
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');

  await chat.waitForAnswerToFinish();
  const samples = await page.evaluate(() => window.__samples ?? []);
  const streamingLengths = samples.filter((s) => s.busy === 'true' && s.length > 0).map((s) => s.length);
  const finalLength = samples.at(-1)!.length;
  // Many distinct partial states, growing, before the whole answer was there.
  expect(new Set(streamingLengths.filter((length) => length < finalLength)).size).toBeGreaterThanOrEqual(5);
  expect(streamingLengths).toEqual([...streamingLengths].sort((a, b) => a - b));
  // The output-token count rose live, not only at the end.
  const liveCounts = new Set(samples.filter((s) => s.busy === 'true').map((s) => s.outputTokens));
  expect(liveCounts.size).toBeGreaterThanOrEqual(3);
});

test('text comes through exactly: leading spaces, blank lines, emoji and CJK', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:unicode]] [[nonce:${uniqueNonce('unicode')}]]`);
  const answer = await chat.waitForAnswerToFinish();

  await expect(answer).toContainText('👩‍💻 writes code, 🇯🇵 is a flag');
  await expect(answer).toContainText('日本語のテキスト、中文。');
  // What Claude wrote, byte for byte, is what the user copies.
  await answer.getByRole('button', { name: 'Copy message' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(UNICODE_TEXT);
});

test('the usage footer shows exactly the token counts Anthropic reported', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const nonce = uniqueNonce('usage');
  await chat.send(`Hello [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  const entry = await theRequest(nonce, (e) => e.outcome === 'completed');

  expect(await chat.usageNumbers()).toEqual({
    input: entry.usage!.input_tokens,
    output: entry.usage!.output_tokens,
    cacheRead: entry.usage!.cache_read_input_tokens,
    cacheWrite: entry.usage!.cache_creation_input_tokens,
  });
  const messageUsage = chat.lastAnswer().locator('footer[aria-label="Message usage"]');
  await expect(messageUsage).toHaveAttribute('data-output-tokens', String(entry.usage!.output_tokens));

  // Under the answer, one short line: every token, the cost and the speed.
  const { input_tokens: input, output_tokens: output, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: cacheWrite } = entry.usage!;
  const total = input + output + cacheRead + cacheWrite;
  const summary = messageUsage.getByRole('button', { expanded: false });
  await expect(summary).toHaveText(new RegExp(`^${total.toLocaleString('en-US')} tokens · \\$0\\.\\d+ · \\d+ tok/s$`));
  await expect(messageUsage.locator('dl')).toBeHidden();
  // The full breakdown opens from the keyboard.
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(messageUsage.getByRole('button', { expanded: true })).toBeFocused();
  await expect(messageUsage.getByRole('term')).toHaveText(['Input', 'Cache read', 'Cache write', 'Output', 'First token', 'Speed', 'Cost']);
  const tokens = [input, cacheRead, cacheWrite, output].map((count) => count.toLocaleString('en-US'));
  await expect(messageUsage.getByRole('definition')).toHaveText([...tokens, /^\d+ ms$|^\d+\.\d s$/, /^\d+ tokens\/s$/, /^\$0\.\d+$/]);

  // A second answer adds to the conversation totals.
  const second = uniqueNonce('usage-2');
  await chat.send(`Again [[nonce:${second}]]`);
  await expect(chat.assistantMessages()).toHaveCount(2);
  await chat.waitForAnswerToFinish();
  const secondEntry = await theRequest(second, (e) => e.outcome === 'completed');
  await expect(chat.usage).toHaveAttribute('data-input-tokens', String(entry.usage!.input_tokens + secondEntry.usage!.input_tokens));
  const secondTotal = secondEntry.usage!.input_tokens + secondEntry.usage!.output_tokens + secondEntry.usage!.cache_read_input_tokens + secondEntry.usage!.cache_creation_input_tokens;
  await expect(chat.usage.getByRole('button')).toHaveText(new RegExp(`^Conversation: ${(total + secondTotal).toLocaleString('en-US')} tokens · \\$0\\.\\d+$`));
});

test('a Markdown table fills its bordered frame', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:markdown]] [[nonce:${uniqueNonce('table')}]]`);
  const answer = await chat.waitForAnswerToFinish();
  const frame = answer.locator('.md-table-wrap');
  await expect(frame).toBeVisible();
  // No empty strip between the table's last column and the frame's right edge.
  const [tableWidth, frameWidth] = await frame.evaluate((element) => [element.querySelector('table')!.offsetWidth, element.clientWidth]);
  expect(tableWidth).toBe(frameWidth);
});

test('the composer sends on Enter, adds a line on Shift+Enter, and refuses to send nothing', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await expect(chat.sendButton).toBeDisabled();
  await chat.composer.fill('   ');
  await expect(chat.sendButton).toBeDisabled();

  await chat.composer.fill('first line');
  await chat.composer.press('Shift+Enter');
  await chat.composer.pressSequentially(`second line [[pace:150]] [[nonce:${uniqueNonce("enter")}]]`);
  await expect(chat.composer).toHaveValue(/first line\nsecond line/);
  await chat.composer.press('Enter');

  await expect(chat.transcript.locator('article[data-role="user"]')).toContainText('first line');
  await expect(chat.composer).toHaveValue('');
  await expect(chat.stopButton).toBeVisible();
  await chat.waitForAnswerToFinish();
  await expect(chat.sendButton).toBeVisible();
});

test('thinking renders as its own part, apart from the answer', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`[[scenario:thinking]] [[nonce:${uniqueNonce('thinking')}]]`);
  const thought = await chat.waitForAnswerToFinish();
  const reasoning = thought.locator('[data-part="reasoning"]');
  await expect(reasoning).toBeVisible();
  await reasoning.getByRole('button').click();
  await expect(reasoning.getByRole('button')).toHaveAttribute('aria-expanded', 'true');
  await expect(reasoning).toContainText('tokens are sent as soon as they are produced');
  await expect(thought.locator('.markdown')).toContainText('Streaming sends each token to you');
  await expect(thought.locator('.markdown')).not.toContainText('tokens are sent as soon as they are produced');
});

test('the model picker lists the Models API models and defaults to ANTHROPIC_MODEL', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker).toHaveValue('claude-sonnet-5-5');
  await expect(picker.locator('option')).toContainText(['Claude Opus 5.5', 'Claude Sonnet 5.5', 'Claude Haiku 5.5']);

  const nonce = uniqueNonce('model');
  await picker.selectOption('claude-haiku-5-5');
  await chat.send(`Hi [[nonce:${nonce}]]`);
  await chat.waitForAnswerToFinish();
  expect((await theRequest(nonce)).model).toBe('claude-haiku-5-5');
});
