import { expect, test, type Locator, type Page } from '@playwright/test';
import { TEXT_ANSWER } from './fake-anthropic/scenarios.ts';
import { expectNoAxeViolations } from './support/axe';
import { ChatPage } from './support/chat-page';
import { fakeRequests, requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';

// Conversations that branch (issue #17): an edit or a regenerated answer is a new version beside
// the old one, and `‹ 2 / 3 ›` under a message pages through them.

const questions = (chat: ChatPage) => chat.transcript.locator('article[data-role="user"]');
const versions = (article: Locator) => article.getByRole('group', { name: 'Versions' });

async function edit(chat: ChatPage, question: Locator, text: string): Promise<void> {
  await question.getByRole('button', { name: 'Edit message' }).click();
  await chat.page.getByRole('textbox', { name: 'Edit message' }).fill(text);
  await chat.page.getByRole('button', { name: 'Save and send' }).click();
}

async function conversationId(chat: ChatPage): Promise<string> {
  return (await chat.conversationPath()).split('/').at(-1)!;
}

/** What the transcript says, one line per message: enough to tell the branches apart. */
async function transcriptOf(page: Page): Promise<string[]> {
  return page.locator('[role="log"] article').evaluateAll((articles) =>
    articles.map((article) => `${article.getAttribute('data-role')}: ${(article.querySelector('p, .markdown')?.textContent ?? '').trim().slice(0, 40)}`),
  );
}

test('edits and a regenerated answer are versions: each shows its own continuation, by mouse and keyboard, and a reload keeps the one chosen', async ({ page }) => {
  test.slow();
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`First question [[nonce:${uniqueNonce('branch-first')}]]`);
  await chat.waitForAnswerToFinish();
  await chat.send(`Take one [[nonce:${uniqueNonce('branch-one')}]]`);
  await chat.waitForAnswerToFinish();
  await chat.send(`Follow-up on take one [[nonce:${uniqueNonce('branch-follow')}]]`);
  await chat.waitForAnswerToFinish();
  await expect(chat.transcript.locator('article')).toHaveCount(6);

  // The first edit: what followed the original is no longer shown, and Claude reads only what came before.
  const two = uniqueNonce('branch-two');
  await edit(chat, questions(chat).nth(1), `Take two [[nonce:${two}]]`);
  await chat.waitForAnswerToFinish();
  await expect(chat.transcript.locator('article')).toHaveCount(4);
  await expect(versions(questions(chat).nth(1))).toContainText('2 / 2');
  expect((await theRequest(two)).assistantBlockTypes).toHaveLength(1);

  // The second edit streams for as long as it is let; Stop ends it.
  const three = uniqueNonce('branch-three');
  await edit(chat, questions(chat).nth(1), `Take three [[scenario:endless]] [[pace:200]] [[nonce:${three}]]`);
  await expect(chat.lastAnswer()).toContainText('tick 2');
  await chat.stopButton.click();
  await expect(chat.lastAnswer().locator('[data-stop-reason="stopped"]')).toBeVisible();
  await expect(versions(questions(chat).nth(1))).toContainText('3 / 3');

  // Regenerating: a second answer beside the first, every version control disabled while it streams.
  await chat.lastAnswer().getByRole('button', { name: 'Regenerate answer' }).click();
  await expect(chat.lastAnswer()).toHaveAttribute('aria-busy', 'true');
  await expect(versions(questions(chat).nth(1)).getByRole('button', { name: 'Previous version' })).toBeDisabled();
  await expect(chat.lastAnswer()).toContainText('tick 15');
  await expect(versions(chat.lastAnswer()).getByRole('button', { name: 'Previous version' })).toBeDisabled();
  // Stop stops the regenerated answer, and its usage shows under it.
  await chat.stopButton.click();
  const regenerated = chat.lastAnswer();
  await expect(regenerated.locator('[data-stop-reason="stopped"]')).toBeVisible();
  await expect(regenerated.locator('footer[aria-label="Message usage"]')).toBeVisible();
  await expect.poll(async () => Number(await regenerated.locator('footer[aria-label="Message usage"]').getAttribute('data-output-tokens'))).toBeGreaterThan(0);
  await expect(versions(regenerated)).toContainText('2 / 2');
  const requests = await requestsWithNonce(three);
  expect(requests).toHaveLength(2);
  // Claude read the regenerated answer's own branch: the first answer, then the third take.
  expect(requests[1]!.assistantBlockTypes).toHaveLength(1);
  expect(requests[1]!.userText).toContain('Take three');

  // With the mouse: the first answer to the third take, and back.
  await versions(chat.lastAnswer()).getByRole('button', { name: 'Previous version' }).click();
  await expect(versions(chat.lastAnswer())).toContainText('1 / 2');
  await expect(chat.lastAnswer()).not.toContainText('tick 15');
  await versions(chat.lastAnswer()).getByRole('button', { name: 'Next version' }).click();
  await expect(versions(chat.lastAnswer())).toContainText('2 / 2');
  await expect(chat.lastAnswer()).toContainText('tick 15');

  // The edited question's versions, each with what followed it.
  await versions(questions(chat).nth(1)).getByRole('button', { name: 'Previous version' }).click();
  await expect(versions(questions(chat).nth(1))).toContainText('2 / 3');
  await expect(questions(chat).nth(1)).toContainText('Take two');
  await expect(chat.transcript.locator('article')).toHaveCount(4);
  await expect(chat.lastAnswer()).toContainText(TEXT_ANSWER.slice(0, 30));
  await versions(questions(chat).nth(1)).getByRole('button', { name: 'Previous version' }).click();
  await expect(versions(questions(chat).nth(1))).toContainText('1 / 3');
  await expect(questions(chat).nth(1)).toContainText('Take one');
  await expect(questions(chat).nth(2)).toContainText('Follow-up on take one');
  await expect(chat.transcript.locator('article')).toHaveCount(6);

  // With the keyboard: Enter on Next version, which keeps the focus as the versions change.
  const next = versions(questions(chat).nth(1)).getByRole('button', { name: 'Next version' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(versions(questions(chat).nth(1))).toContainText('2 / 3');
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(versions(questions(chat).nth(1))).toContainText('3 / 3');
  await expect(questions(chat).nth(1)).toContainText('Take three');
  // At the last version the focus moves to Previous version, which Shift+Tab would reach too.
  await expect(versions(questions(chat).nth(1)).getByRole('button', { name: 'Previous version' })).toBeFocused();
  // The third take comes back with the answer chosen last under it.
  await expect(chat.lastAnswer()).toContainText('tick 15');
  const threeShown = await transcriptOf(page);

  await page.reload();
  await expect(versions(questions(chat).nth(1))).toContainText('3 / 3');
  await expect(versions(chat.lastAnswer())).toContainText('2 / 2');
  expect(await transcriptOf(page)).toEqual(threeShown);

  // An older branch chosen stays chosen after a reload too, and the sidebar's search finds only what it says.
  await versions(questions(chat).nth(1)).getByRole('button', { name: 'Previous version' }).click();
  await expect(versions(questions(chat).nth(1))).toContainText('2 / 3');
  await versions(questions(chat).nth(1)).getByRole('button', { name: 'Previous version' }).click();
  await expect(questions(chat).nth(2)).toContainText('Follow-up on take one');
  const oneShown = await transcriptOf(page);
  await page.reload();
  await expect(versions(questions(chat).nth(1))).toContainText('1 / 3');
  expect(await transcriptOf(page)).toEqual(oneShown);
  const id = await conversationId(chat);
  const search = async (q: string) =>
    ((await (await page.request.get(`/api/conversations?${new URLSearchParams({ q })}`)).json()) as { conversations: Array<{ id: string }> }).conversations.map((c) => c.id);
  expect(await search('Follow-up on take one')).toContain(id);
  expect(await search('Take three')).not.toContain(id);
});

test('the JSON export holds every branch, each message with its parent; the Markdown export the branch shown', async ({ page }) => {
  // Two answers, an axe scan and three exports, on a machine that may be busy.
  test.slow();
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`Original question [[nonce:${uniqueNonce('export-original')}]]`);
  await chat.waitForAnswerToFinish();
  await edit(chat, questions(chat).first(), `Edited question [[nonce:${uniqueNonce('export-edited')}]]`);
  await chat.waitForAnswerToFinish();
  await expect(versions(questions(chat).first())).toContainText('2 / 2');
  await expectNoAxeViolations(page, 'a message with versions');
  const id = await conversationId(chat);

  const exported = (await (await page.request.get(`/api/conversations/${id}/export?format=json`)).json()) as {
    currentPath: string[];
    messages: Array<{ id: string; parentId: string | null; role: string; parts: Array<{ type: string; text?: string }> }>;
  };
  const textOf = (message: (typeof exported.messages)[number]) => message.parts.find((part) => part.type === 'text')?.text ?? '';
  expect(exported.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  const [original, firstAnswer, edited, secondAnswer] = exported.messages;
  expect(textOf(original!)).toContain('Original question');
  expect(textOf(edited!)).toContain('Edited question');
  expect(exported.messages.map((message) => message.parentId)).toEqual([null, original!.id, null, edited!.id]);
  expect(firstAnswer!.parentId).toBe(original!.id);
  expect(exported.currentPath).toEqual([edited!.id, secondAnswer!.id]);

  const markdown = await (await page.request.get(`/api/conversations/${id}/export?format=markdown`)).text();
  expect(markdown).toContain('Edited question');
  expect(markdown).not.toContain('Original question');
  expect(markdown.match(/^## You$/gm)).toHaveLength(1);

  // Choosing the original makes it the branch exported as Markdown.
  await versions(questions(chat).first()).getByRole('button', { name: 'Previous version' }).click();
  await expect(questions(chat).first()).toContainText('Original question');
  const switched = await (await page.request.get(`/api/conversations/${id}/export?format=markdown`)).text();
  expect(switched).toContain('Original question');
  expect(switched).not.toContain('Edited question');
});

test("the chat is named after the version of its first message shown, unless its owner named it", async ({ page }) => {
  test.slow();
  const chat = new ChatPage(page);
  await chat.open();
  const alpha = uniqueNonce('title-alpha');
  await chat.send(`Alpha question [[nonce:${alpha}]]`);
  await chat.waitForAnswerToFinish();
  const titled = (nonce: string) => async () => (await fakeRequests()).some((entry) => entry.nonce === nonce && !entry.stream && entry.outcome === 'completed');
  await expect.poll(titled(alpha)).toBe(true);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  const linkOfChat = `a[href="${await chat.conversationPath()}"]`;
  const link = sidebar.locator(linkOfChat);
  await expect(link).not.toHaveAttribute('title', 'New chat');

  // An edited first message starts a conversation of its own: the title model names it again.
  const bravo = uniqueNonce('title-bravo');
  await edit(chat, questions(chat).first(), `Bravo question [[nonce:${bravo}]]`);
  await chat.waitForAnswerToFinish();
  await expect(versions(questions(chat).first())).toContainText('2 / 2');
  await expect.poll(titled(bravo)).toBe(true);
  await page.reload();
  await expect(link).not.toHaveAttribute('title', /^(New chat|Alpha question)$/);

  // Back on the first version, the chat is named after it again; and the other way.
  await versions(questions(chat).first()).getByRole('button', { name: 'Previous version' }).click();
  await expect(questions(chat).first()).toContainText('Alpha question');
  await expect(link).toHaveAttribute('title', 'Alpha question');
  await versions(questions(chat).first()).getByRole('button', { name: 'Next version' }).click();
  await expect(link).toHaveAttribute('title', 'Bravo question');

  // A name the owner gave stays, whichever version is shown.
  const renamed = page.waitForResponse((response) => response.request().method() === 'PATCH');
  await sidebar.locator('li', { has: page.locator(linkOfChat) }).getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menuitem', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'Conversation title' }).fill('Named by me');
  await page.keyboard.press('Enter');
  expect((await renamed).ok()).toBe(true);
  await versions(questions(chat).first()).getByRole('button', { name: 'Previous version' }).click();
  await expect(questions(chat).first()).toContainText('Alpha question');
  await page.reload();
  await expect(questions(chat).first()).toContainText('Alpha question');
  await expect(link).toHaveAttribute('title', 'Named by me');
});

test('the branch route takes only a message of the conversation', async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.open();
  await chat.send(`Hello [[nonce:${uniqueNonce('branch-route')}]]`);
  await chat.waitForAnswerToFinish();
  const id = await conversationId(chat);
  const choose = (body: unknown, conversation = id) => page.request.post(`/api/conversations/${conversation}/branch`, { data: body });

  const unknown = await choose({ messageId: 'not-a-message-of-this-chat' });
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.type).toBe('message_not_found');
  const invalid = await choose({ messageId: '<script>' });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).error.type).toBe('invalid_request');
  expect((await choose({ messageId: 'some-message-id' }, 'no-such-conversation-id')).status()).toBe(404);

  // A chat message that names a parent from elsewhere is refused before anything is saved.
  const refused = await page.request.post('/api/chat', {
    data: { id, parentId: 'not-a-message-of-this-chat', message: { id: `m-${uniqueNonce('orphan')}`, role: 'user', parts: [{ type: 'text', text: 'Orphan' }] } },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.type).toBe('parent_not_found');
  await page.reload();
  await expect(chat.transcript.locator('article')).toHaveCount(2);
});
