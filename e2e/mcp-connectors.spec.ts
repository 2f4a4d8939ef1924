import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from './support/test';
import { expectNoAxeViolations } from './support/axe';
import { E2E_PORTS } from './support/config';
import { ChatPage } from './support/chat-page';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';
import { startMcpServer } from './support/mcp-server';
import { startOAuthMcpServerProcess } from './support/mcp-server-process';

// Connectors in settings: the operator's MCP server for everyone, and people's own, which they
// add by URL (refused when it points into a private network), authorize with OAuth when the
// server asks, and remove. The mcpApp server allows 127.0.0.1 on the mcpUser ports only.

test.use({ baseURL: `http://127.0.0.1:${E2E_PORTS.mcpApp}` });

/** Where the mcpApp server keeps its embedded database (playwright.config.ts, nextStart). */
const MCP_APP_DATA_DIR = path.resolve(`.data/e2e-${E2E_PORTS.mcpApp}`);

function connectors(page: Page) {
  return page.getByRole('region', { name: 'Connectors' });
}

async function addConnector(page: Page, fields: { name: string; url: string; bearerToken?: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a connector' });
  await form.getByRole('textbox', { name: 'Name' }).fill(fields.name);
  await form.getByRole('textbox', { name: 'Server URL' }).fill(fields.url);
  if (fields.bearerToken) await form.getByLabel('Bearer token').fill(fields.bearerToken);
  await form.getByRole('button', { name: 'Add' }).click();
}

/** Whether any file of the mcpApp server's database holds `text` as written. */
async function databaseFilesContain(text: string): Promise<boolean> {
  const needle = Buffer.from(text);
  for (const entry of await readdir(MCP_APP_DATA_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const bytes = await readFile(path.join(entry.parentPath, entry.name)).catch(() => undefined);
    if (bytes?.includes(needle)) return true;
  }
  return false;
}

test('settings lists the operator’s server for everyone, marked as provided by this Rill', async ({ page }) => {
  await page.goto('/settings');
  const team = connectors(page).getByRole('listitem', { name: 'Team notes' });
  await expect(team).toContainText('Provided by this Rill');
  await expect(team.getByRole('button', { name: /Remove/ })).toHaveCount(0);
  await expectNoAxeViolations(page, 'settings with connectors');
});

test('a server URL that reaches a private address is refused with a clear message, and nothing is saved', async ({ page }) => {
  await page.goto('/settings');
  const allowedPort = E2E_PORTS.mcpUser[0];
  const refused = [
    `http://127.0.0.2:${allowedPort}/mcp`,
    // Only 127.0.0.1:<port> is allowed, not the name that resolves to it.
    `http://localhost:${allowedPort}/mcp`,
    'http://10.1.2.3/mcp',
  ];
  const name = uniqueNonce('Sneaky');
  for (const url of refused) {
    await addConnector(page, { name, url });
    const alert = connectors(page).getByRole('alert');
    await expect(alert).toContainText(/Refusing to connect to .*not a public one\. Rill only connects to servers on the public internet\./);
    await expect(connectors(page).getByRole('listitem', { name })).toHaveCount(0);
  }
  await page.reload();
  await expect(connectors(page).getByRole('listitem', { name })).toHaveCount(0);
  const listed = await page.request.get('/api/mcp/servers');
  expect(((await listed.json()) as { servers: Array<{ title: string }> }).servers.map((server) => server.title)).not.toContain(name);
});

test('a person adds their own server with a bearer token, sees it after a reload, and removes it', async ({ page }) => {
  // As long as a real JWT can be: more than the 4 KB most small bodies are held to.
  const token = `e2e-user-bearer-token-31f9-${'x'.repeat(6_000)}`;
  const server = await startMcpServer({ port: E2E_PORTS.mcpUser[1], bearerToken: token });
  try {
    await page.goto('/settings');
    const name = uniqueNonce('My notes');
    await addConnector(page, { name, url: server.url, bearerToken: token });
    const item = connectors(page).getByRole('listitem', { name });
    await expect(item).toContainText(server.url);
    await expect(connectors(page).getByRole('alert')).toHaveCount(0);
    // The server took the token: Rill is connected, and lists its tools.
    await expect(item).toContainText('Connected');
    await expect(item).toContainText('add_note');
    // The token went to the server side only: neither the page nor the list shows it.
    await expect(page.getByRole('form', { name: 'Add a connector' }).getByLabel('Bearer token')).toHaveValue('');
    const listed = await page.request.get('/api/mcp/servers');
    expect(await listed.text()).not.toContain('e2e-user-bearer-token-31f9');

    await page.reload();
    await expect(item).toContainText(server.url);
    await item.getByRole('button', { name: `Remove ${name}` }).click();
    await expect(item).toHaveCount(0);
    await page.reload();
    await expect(connectors(page).getByRole('heading', { name: 'Connectors' })).toBeVisible();
    await expect(item).toHaveCount(0);
  } finally {
    await server.stop();
  }
});

test('a server that asks for OAuth is authorized once, with its tokens stored sealed, and its tools then work in a chat', async ({ page }) => {
  test.setTimeout(90_000);
  const server = await startOAuthMcpServerProcess(E2E_PORTS.mcpUser[2]);
  try {
    await page.goto('/settings');
    // Its tools are named after it for Claude: `vault-<letters>__<tool>`.
    const name = `Vault ${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 8)}`;
    await addConnector(page, { name, url: server.url });
    const item = connectors(page).getByRole('listitem', { name });
    await expect(item).toContainText('Needs authorization');
    await item.getByRole('button', { name: 'Authorize' }).click();

    await expect(page).toHaveURL(new RegExp(`^${new URL(server.url).origin}/`));
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page).toHaveURL(`http://127.0.0.1:${E2E_PORTS.mcpApp}/settings#connectors`);
    await expect(connectors(page).getByRole('alert')).toHaveCount(0);
    await expect(item).toContainText('Connected');
    await expect(item).toContainText('add_note');

    // Rill exchanged the code for tokens, and keeps them sealed: the database's files hold the
    // connector's name as written, and none of the tokens.
    const issued = await server.issued();
    expect(issued.accessTokens).toHaveLength(1);
    await expect.poll(() => databaseFilesContain(name)).toBe(true);
    for (const token of [...issued.accessTokens, ...issued.refreshTokens, ...issued.clients]) {
      expect(await databaseFilesContain(token)).toBe(false);
    }

    // Its tools work in a chat, now and in the next answer, without authorizing again.
    const chat = new ChatPage(page);
    await chat.open();
    const tool = `${name.toLowerCase().replace(' ', '-')}__wait`;
    for (const [index, ms] of [1, 2].entries()) {
      const nonce = uniqueNonce('oauth-tool');
      await chat.send(`[[scenario:mcp-tool]] [[tool:${tool}]] [[input:{"ms":${ms}}]] [[nonce:${nonce}]]`);
      await expect(chat.assistantMessages()).toHaveCount(index + 1);
      const card = chat.lastAnswer().locator(`[data-tool-name="${tool}"]`);
      await expect(card).toHaveAttribute('data-tool-state', 'output-available');
      await expect(card).toContainText(name);
      await chat.waitForAnswerToFinish();
      const [, followUp] = await requestsWithNonce(nonce);
      expect(followUp?.toolResults).toEqual([expect.objectContaining({ is_error: false, content: expect.stringContaining(`Waited ${ms} ms.`) })]);
    }
    expect((await server.issued()).accessTokens).toHaveLength(1);
  } finally {
    await server.stop();
  }
});

test('an OAuth callback with a state that is not one of the caller’s is refused, back in settings', async ({ page }) => {
  await page.goto('/settings');
  await page.goto('/api/mcp/oauth/callback?code=stolen-code&state=someone-elses-state-0123456789');
  await expect(page).toHaveURL(/\/settings\?connector_error=.*#connectors$/);
  await expect(connectors(page).getByRole('alert')).toHaveText('This authorization is unknown or was already used. Authorize the connector again.');
});
