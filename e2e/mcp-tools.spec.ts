import { expect, test, type Page } from '@playwright/test';
import { ChatPage } from './support/chat-page';
import { E2E_PORTS } from './support/config';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';
import { startMcpServer } from './support/mcp-server';

// Rill with the operator's MCP server "Team notes" (e2e/support/mcp-server.ts, started by
// Playwright). Every test has a browser context of its own, so a guest of its own: an "Always
// allow" in one test is not another's.
const MCP_APP = `http://127.0.0.1:${E2E_PORTS.mcpApp}`;
test.use({ baseURL: MCP_APP });

/** Asks the fake Anthropic to call an MCP tool: `tool` by its own name, or a namespaced one. */
function callTool(tool: string, input: Record<string, unknown>, nonce: string): string {
  return `[[scenario:mcp-tool]] [[tool:${tool}]] [[input:${JSON.stringify(input)}]] [[nonce:${nonce}]]`;
}

/** Sends a message and waits for its answer to appear, so that what follows looks at that answer. */
async function send(chat: ChatPage, text: string): Promise<void> {
  const before = await chat.assistantMessages().count();
  await chat.send(text);
  await expect(chat.assistantMessages()).toHaveCount(before + 1);
}

function toolCard(chat: ChatPage, name: string) {
  return chat.lastAnswer().locator(`[data-tool-name="${name}"]`);
}

/** The tool results Rill sent back to Claude in the conversation with this nonce. */
async function toolResultsSent(nonce: string) {
  let results: Array<{ is_error: boolean; content: string }> = [];
  await expect
    .poll(async () => {
      results = (await requestsWithNonce(nonce)).flatMap((entry) => entry.toolResults);
      return results.length;
    })
    .toBeGreaterThan(0);
  return results;
}

async function openChat(page: Page): Promise<ChatPage> {
  const chat = new ChatPage(page);
  await chat.open();
  return chat;
}

test('an MCP tool runs in a card named after its server, and its result reaches Claude', async ({ page }) => {
  const chat = await openChat(page);
  const nonce = uniqueNonce('mcp-read');
  await send(chat, callTool('wait', { ms: 0 }, nonce));

  const card = toolCard(chat, 'notes__wait');
  await expect(card).toHaveAttribute('data-tool-state', 'output-available');
  await expect(card).toContainText('Team notes');
  await expect(card).toContainText(/done in \d/);
  // A read-only tool runs without asking.
  await expect(card.getByRole('button', { name: 'Allow once' })).toHaveCount(0);
  await card.getByRole('button').first().click();
  await expect(card).toContainText('Waited 0 ms.');

  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('Here is what the tools returned:');
  expect(await toolResultsSent(nonce)).toEqual([expect.objectContaining({ is_error: false, content: expect.stringContaining('Waited 0 ms.') })]);
  const [first] = await requestsWithNonce(nonce);
  expect(first?.tools).toEqual(expect.arrayContaining(['notes__add_note', 'notes__lookup_note', 'notes__delete_note', 'notes__wait']));
});

test('a tool that changes data asks first: Allow once runs it this time only', async ({ page }) => {
  const chat = await openChat(page);
  const nonce = uniqueNonce('mcp-once');
  await send(chat, callTool('add_note', { text: `buy milk ${nonce}` }, nonce));

  const card = toolCard(chat, 'notes__add_note');
  await expect(card).toHaveAttribute('data-tool-state', 'approval-requested');
  await expect(card).toContainText('Team notes wants to run add_note');
  await expect(card).not.toContainText('delete or change data');
  // The generation waits: Claude has not been asked again.
  expect(await requestsWithNonce(nonce)).toHaveLength(1);
  await card.getByRole('button', { name: 'Allow once' }).click();
  await expect(card).toHaveAttribute('data-tool-state', 'output-available');
  await chat.waitForAnswerToFinish();
  expect(await toolResultsSent(nonce)).toEqual([expect.objectContaining({ is_error: false, content: expect.stringContaining(`buy milk ${nonce}`) })]);

  const again = uniqueNonce('mcp-once-again');
  await send(chat, callTool('add_note', { text: `buy eggs ${again}` }, again));
  await expect(toolCard(chat, 'notes__add_note')).toHaveAttribute('data-tool-state', 'approval-requested');
  await toolCard(chat, 'notes__add_note').getByRole('button', { name: 'Deny' }).click();
  await chat.waitForAnswerToFinish();
});

test('Always allow runs the tool now and from then on without asking, until taken back in settings', async ({ page }) => {
  test.slow();
  const chat = await openChat(page);
  const nonce = uniqueNonce('mcp-always');
  await send(chat, callTool('add_note', { text: `call mum ${nonce}` }, nonce));
  const card = toolCard(chat, 'notes__add_note');
  await card.getByRole('button', { name: 'Always allow' }).click();
  await expect(card).toHaveAttribute('data-tool-state', 'output-available');
  await chat.waitForAnswerToFinish();

  const next = uniqueNonce('mcp-always-next');
  await send(chat, callTool('add_note', { text: `call dad ${next}` }, next));
  await expect(toolCard(chat, 'notes__add_note')).toHaveAttribute('data-tool-state', 'output-available');
  await chat.waitForAnswerToFinish();
  expect(await toolResultsSent(next)).toEqual([expect.objectContaining({ is_error: false, content: expect.stringContaining(`call dad ${next}`) })]);
  // Leave for one tool is not leave for another.
  const other = uniqueNonce('mcp-always-other');
  await send(chat, callTool('delete_note', { id: 1 }, other));
  await expect(toolCard(chat, 'notes__delete_note')).toHaveAttribute('data-tool-state', 'approval-requested');
  await toolCard(chat, 'notes__delete_note').getByRole('button', { name: 'Deny' }).click();
  await chat.waitForAnswerToFinish();

  // Settings lists it, and takes it back: the tool asks first again.
  const path = await chat.conversationPath();
  await page.goto('/settings');
  const allowed = page.getByRole('list', { name: 'Tools that run without asking' });
  await expect(allowed).toContainText('Team notes · add_note');
  await allowed.getByRole('button', { name: 'Ask first before add_note of Team notes runs' }).click();
  await expect(allowed).toHaveCount(0);
  await page.goto(path);
  const asked = uniqueNonce('mcp-always-revoked');
  await send(chat, callTool('add_note', { text: `asks again ${asked}` }, asked));
  await expect(toolCard(chat, 'notes__add_note')).toHaveAttribute('data-tool-state', 'approval-requested');
  await toolCard(chat, 'notes__add_note').getByRole('button', { name: 'Deny' }).click();
  await chat.waitForAnswerToFinish();
});

test('Deny does not run the tool, and Claude reads the denial as a tool error', async ({ page }) => {
  const chat = await openChat(page);
  const nonce = uniqueNonce('mcp-deny');
  await send(chat, callTool('delete_note', { id: 1 }, nonce));
  const card = toolCard(chat, 'notes__delete_note');
  // The server marks it destructive: the question says so.
  await expect(card).toContainText('Its server says it may delete or change data for good.');
  await card.getByRole('button', { name: 'Deny' }).click();
  await expect(card).toHaveAttribute('data-tool-state', 'output-denied');
  await expect(card).toContainText(/denied/i);
  const answer = await chat.waitForAnswerToFinish();
  await expect(answer).toContainText('Here is what the tools returned:');
  expect(await toolResultsSent(nonce)).toEqual([expect.objectContaining({ is_error: true, content: expect.stringContaining('denied') })]);

  // After a reload the card still says so.
  await page.reload();
  await expect(toolCard(chat, 'notes__delete_note')).toHaveAttribute('data-tool-state', 'output-denied');
});

test('an approval still waits after a reload, and is given from the reloaded page', async ({ page }) => {
  const chat = await openChat(page);
  const nonce = uniqueNonce('mcp-reload');
  await send(chat, callTool('add_note', { text: `water plants ${nonce}` }, nonce));
  await expect(toolCard(chat, 'notes__add_note')).toHaveAttribute('data-tool-state', 'approval-requested');
  await chat.conversationPath();
  await page.reload();

  const card = toolCard(chat, 'notes__add_note');
  await expect(card).toHaveAttribute('data-tool-state', 'approval-requested');
  await card.getByRole('button', { name: 'Allow once' }).click();
  await expect(card).toHaveAttribute('data-tool-state', 'output-available');
  await expect(await chat.waitForAnswerToFinish()).toContainText(`water plants ${nonce}`);
  expect(await toolResultsSent(nonce)).toEqual([expect.objectContaining({ is_error: false })]);
});

test('with shared Postgres, an approval asked for on one instance is given on another', async ({ browser }) => {
  const context = await browser.newContext();
  const pageA = await context.newPage();
  const chatA = new ChatPage(pageA);
  await pageA.goto(`http://127.0.0.1:${E2E_PORTS.sharedA}/`);
  const nonce = uniqueNonce('mcp-shared');
  await send(chatA, callTool('add_note', { text: `across instances ${nonce}` }, nonce));
  await expect(toolCard(chatA, 'notes__add_note')).toHaveAttribute('data-tool-state', 'approval-requested');
  const path = await chatA.conversationPath();

  const pageB = await context.newPage();
  const chatB = new ChatPage(pageB);
  await pageB.goto(`http://127.0.0.1:${E2E_PORTS.sharedB}${path}`);
  await toolCard(chatB, 'notes__add_note').getByRole('button', { name: 'Allow once' }).click();
  // A, where the answer runs, goes on with it.
  await expect(toolCard(chatA, 'notes__add_note')).toHaveAttribute('data-tool-state', 'output-available');
  await expect(await chatA.waitForAnswerToFinish()).toContainText(`across instances ${nonce}`);
  await context.close();
});

test('a chat switches a server, or one of its tools, off: Claude is not offered them, and the chat keeps the choice', async ({ page }) => {
  const chat = await openChat(page);
  const connectors = page.getByRole('dialog', { name: 'Connectors' });
  await page.getByRole('button', { name: 'Connectors' }).click();
  await connectors.getByRole('switch', { name: 'add_note' }).uncheck();
  await connectors.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('button', { name: /Connectors \(1 off\)/ })).toBeVisible();

  const nonce = uniqueNonce('mcp-tool-off');
  await send(chat, callTool('add_note', { text: 'not offered' }, nonce));
  await expect(await chat.waitForAnswerToFinish()).toContainText('No tool named add_note is available to me.');
  const [first] = await requestsWithNonce(nonce);
  expect(first?.tools).toContain('notes__wait');
  expect(first?.tools).not.toContain('notes__add_note');

  await page.getByRole('button', { name: /Connectors/ }).click();
  await connectors.getByRole('switch', { name: 'Team notes' }).uncheck();
  await connectors.getByRole('button', { name: 'Done' }).click();
  const off = uniqueNonce('mcp-server-off');
  await send(chat, callTool('wait', { ms: 0 }, off));
  await expect(await chat.waitForAnswerToFinish()).toContainText('No tool named wait is available to me.');
  expect((await requestsWithNonce(off))[0]?.tools.filter((tool) => tool.startsWith('notes__'))).toEqual([]);

  // The conversation keeps its choice.
  await chat.conversationPath();
  await page.reload();
  await page.getByRole('button', { name: /Connectors \(2 off\)/ }).click();
  await expect(connectors.getByRole('switch', { name: 'Team notes' })).not.toBeChecked();
  await expect(connectors.getByRole('switch', { name: 'add_note' })).not.toBeChecked();
  await expect(connectors.getByRole('switch', { name: 'wait' })).toBeChecked();
});

test('a server that stops in the middle of a call gives a clear error in the card, and the chat goes on', async ({ page }) => {
  const server = await startMcpServer({ port: E2E_PORTS.mcpUser[0] });
  try {
    const chat = await openChat(page);
    const added = await page.request.post('/api/mcp/servers', {
      data: { name: 'Scratch', url: server.url },
      headers: { origin: MCP_APP },
    });
    expect(added.status()).toBe(201);

    const nonce = uniqueNonce('mcp-stopped');
    await send(chat, callTool('scratch__wait', { ms: 60_000 }, nonce));
    const card = toolCard(chat, 'scratch__wait');
    await expect(card).toHaveAttribute('data-tool-state', 'input-available');
    await expect.poll(() => server.calls.length).toBe(1);
    await server.stop();

    await expect(card).toHaveAttribute('data-tool-state', 'output-error');
    await card.getByRole('button').first().click();
    await expect(card).toContainText('Scratch');
    const answer = await chat.waitForAnswerToFinish();
    await expect(answer).toContainText('Here is what the tools returned:');
    const [result] = await toolResultsSent(nonce);
    expect(result).toMatchObject({ is_error: true, content: expect.stringContaining('Scratch') });

    const after = uniqueNonce('mcp-after');
    await chat.send(`And now? [[nonce:${after}]]`);
    await expect(chat.assistantMessages()).toHaveCount(2);
    await chat.waitForAnswerToFinish();
    await expect(chat.alert).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
