import { expect, test } from './support/test';
import { expectNoAxeViolations } from './support/axe';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';
import { theRequest, uniqueNonce } from './support/fake-log';

// The prompts of the operator's MCP server ("notes", shown as "Team notes"), offered in the
// composer as `/` commands: summarize_notes without arguments, draft_note with a required topic.
test.use({ baseURL: `http://127.0.0.1:${E2E_PORTS.mcpApp}` });

test("typing / in the empty composer offers the connectors' prompts; one chosen fills the composer, and what is sent is its text", async ({ page }) => {
  test.setTimeout(60_000);
  const promptLists: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/mcp/prompts') promptLists.push(request.url());
  });
  const chat = new ChatPage(page);
  await chat.open();
  const menu = page.getByRole('listbox', { name: 'Prompts' });
  const summarize = menu.getByRole('option', { name: '/notes:summarize_notes — Summarize the notes' });
  const draft = menu.getByRole('option', { name: '/notes:draft_note — Draft a note about a topic' });

  await chat.composer.click();
  await chat.composer.press('/');
  await expect(summarize).toBeVisible();
  await expect(draft).toBeVisible();
  await expect(chat.composer).toHaveAttribute('aria-activedescendant', (await summarize.getAttribute('id'))!);
  await expectNoAxeViolations(page, 'the prompt menu');

  // The menu filters as the person types; Esc closes it and leaves what was typed.
  await chat.composer.pressSequentially('dra');
  await expect(summarize).toHaveCount(0);
  await expect(draft).toHaveAttribute('aria-selected', 'true');
  await chat.composer.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(chat.composer).toHaveValue('/dra');

  // Arrow keys and Enter choose; a prompt without arguments goes straight into the composer.
  await chat.composer.fill('');
  await chat.composer.press('/');
  await expect(summarize).toHaveAttribute('aria-selected', 'true');
  await chat.composer.press('ArrowDown');
  await expect(draft).toHaveAttribute('aria-selected', 'true');
  await chat.composer.press('ArrowUp');
  await chat.composer.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(chat.composer).toHaveValue('Summarize the notes saved so far in a few bullet points.');
  await expect(chat.composer).toBeFocused();

  // A prompt with arguments asks for them first.
  await chat.composer.fill('');
  await chat.composer.press('/');
  await draft.click();
  const dialog = page.getByRole('dialog', { name: 'Draft a note' });
  const topic = dialog.getByRole('textbox', { name: 'topic (required)' });
  await expect(topic).toBeVisible();
  await expectNoAxeViolations(page, 'the prompt arguments dialog');
  await topic.fill('the harbour ferry');
  await dialog.getByRole('button', { name: 'Use prompt' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(chat.composer).toHaveValue('Write a short note about the harbour ferry.');

  // The person may still edit the text before sending it; Claude gets what was sent.
  const nonce = uniqueNonce('mcp-prompt');
  await chat.composer.press('End');
  await chat.composer.pressSequentially(` [[nonce:${nonce}]]`);
  await chat.sendButton.click();
  const sent = await theRequest(nonce);
  expect(sent.userText).toBe(`Write a short note about the harbour ferry. [[nonce:${nonce}]]`);
  // Choosing prompts sent nothing by itself: this is the chat's one message.
  await expect(chat.transcript.locator('article[data-role="user"]')).toHaveCount(1);
  // The prompts were asked for once, when the menu first opened: not on page load, not on each opening.
  expect(promptLists).toHaveLength(1);
});

test('/ typed inside a message is text, and / pressed elsewhere on the page focuses the message box without opening the menu', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  const menu = page.getByRole('listbox', { name: 'Prompts' });

  await chat.composer.fill('either');
  await chat.composer.pressSequentially(' / or');
  await expect(chat.composer).toHaveValue('either / or');
  await expect(menu).toHaveCount(0);

  await chat.composer.fill('');
  await chat.composer.blur();
  await page.keyboard.press('/');
  await expect(chat.composer).toBeFocused();
  await expect(chat.composer).toHaveValue('');
  await expect(menu).toHaveCount(0);

  // From there, a / typed into the empty box opens it.
  await page.keyboard.press('/');
  await expect(menu.getByRole('option', { name: /^\/notes:summarize_notes/ })).toBeVisible();
});

test('the prompt routes: the list, a prompt filled in, and the refusals (another site, a bad body, an unknown server or prompt)', async ({ request, baseURL }) => {
  await request.get(`${baseURL}/`);
  const listed = await request.get(`${baseURL}/api/mcp/prompts`);
  expect(listed.status()).toBe(200);
  const { prompts } = (await listed.json()) as { prompts: Array<{ serverKey: string; name: string; arguments: unknown[] }> };
  expect(prompts.map((prompt) => `${prompt.serverKey} ${prompt.name}`)).toEqual(['op:notes summarize_notes', 'op:notes draft_note']);

  const get = (data: unknown, headers: Record<string, string> = {}) => request.post(`${baseURL}/api/mcp/prompts/get`, { data, headers });
  const filled = await get({ serverKey: 'op:notes', name: 'draft_note', arguments: { topic: 'tides' } });
  expect(await filled.json()).toEqual({ text: 'Write a short note about tides.' });

  const crossSite = await get({ serverKey: 'op:notes', name: 'summarize_notes', arguments: {} }, { origin: 'https://evil.example' });
  expect(crossSite.status()).toBe(403);
  const malformed = await get({ serverKey: 'notes', name: '', arguments: { topic: 3 } });
  expect(malformed.status()).toBe(400);
  expect(((await malformed.json()) as { error: { type: string } }).error.type).toBe('invalid_request');
  const unknownServer = await get({ serverKey: 'user:not-yours', name: 'summarize_notes', arguments: {} });
  expect(unknownServer.status()).toBe(404);
  const unknownPrompt = await get({ serverKey: 'op:notes', name: 'no_such_prompt', arguments: {} });
  expect(unknownPrompt.status()).toBe(424);
  expect(((await unknownPrompt.json()) as { error: { message: string } }).error.message).toMatch(/^Team notes answered with an error/);
});
