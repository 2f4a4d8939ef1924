import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from './client';
import {
  createConversation,
  createConversationWithMessage,
  MessageIdTakenError,
  deleteConversation,
  chooseMessage,
  deleteMessagesBefore,
  deleteStaleUnsentAttachments,
  getConversation,
  getConversationTree,
  getMessageLineage,
  insertAttachmentWithinQuota,
  InvalidCursorError,
  listConversations,
  markAttachmentsSent,
  nameConversations,
  renameConversation,
  saveMessage,
  saveMessagesBatch,
  updateSavedMessage,
  updateConversationSettings,
  type MessageInput,
} from './queries';
import { attachments, conversations, messages } from './schema';
import { describeOnEachEngine } from './test-databases';

const text = (t: string) => ({ type: 'text', text: t });
const user = (id: string, t: string): MessageInput => ({ id, role: 'user', parts: [text(t)], status: 'complete' });
const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
});

describeOnEachEngine('queries', (database) => {
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  const newOwner = () => `owner-${randomUUID()}`;
  async function newConversation(ownerId: string, title?: string) {
    return createConversation(db, { id: randomUUID(), ownerId, ...(title !== undefined ? { title } : {}) });
  }
  async function setUpdatedAt(ids: string[], when: Date) {
    await db.update(conversations).set({ updatedAt: when }).where(inArray(conversations.id, ids));
  }

  it('creates a conversation with defaults and reads it back', async () => {
    const ownerId = newOwner();
    const id = randomUUID();
    const created = await createConversation(db, { id, ownerId });
    expect(created).toMatchObject({ id, title: 'New chat', settings: {} });
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    expect(created.updatedAt).toBe(created.createdAt);

    const settings = { model: 'claude-x', system: 'Be brief', thinking: { enabled: true, budgetTokens: 2048 }, webSearch: true };
    const other = await createConversation(db, { id: randomUUID(), ownerId, title: 'x'.repeat(500), settings });
    expect(other.title).toBe('x'.repeat(200));
    expect(other.settings).toEqual(settings);

    expect(await getConversation(db, ownerId, id)).toEqual({ ...created, messages: [], versions: {} });
    expect((await getConversation(db, ownerId, other.id))?.settings).toEqual(settings);
  });

  it('refuses an id that is already taken', async () => {
    const existing = await newConversation(newOwner());
    await expect(createConversation(db, { id: existing.id, ownerId: newOwner() })).rejects.toThrow();
  });

  it('lists newest first and paginates across ties in updatedAt', async () => {
    const ownerId = newOwner();
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await newConversation(ownerId, `Chat ${i}`));
    const ids = created.map((c) => c.id);
    // Five share one instant, one is older, one is newer.
    const tie = new Date('2030-01-01T00:00:00.123Z');
    await setUpdatedAt(ids.slice(0, 5), tie);
    await setUpdatedAt([ids[5]!], new Date('2029-06-01T00:00:00.000Z'));
    await setUpdatedAt([ids[6]!], new Date('2031-01-01T00:00:00.000Z'));
    const expected = [ids[6]!, ...ids.slice(0, 5).sort().reverse(), ids[5]!];

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listConversations(db, ownerId, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      seen.push(...page.conversations.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(expected);

    const all = await listConversations(db, ownerId);
    expect(all.conversations.map((c) => c.id)).toEqual(expected);
    expect(all.nextCursor).toBeNull();
    expect(all.conversations[1]?.updatedAt).toBe(tie.toISOString());

    // A page that ends exactly at the last row has no next cursor.
    const exact = await listConversations(db, ownerId, { limit: 7 });
    expect(exact.conversations).toHaveLength(7);
    expect(exact.nextCursor).toBeNull();
  });

  it('rejects a cursor it did not issue', async () => {
    const ownerId = newOwner();
    for (const cursor of [
      'garbage!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('[1.5,"x"]').toString('base64url'),
      Buffer.from('[253402300800000,"x"]').toString('base64url'),
      Buffer.from('[0,"a\\u0000b"]').toString('base64url'),
    ]) {
      await expect(listConversations(db, ownerId, { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

  it('searches titles and message text, case-insensitively, with wildcards taken literally', async () => {
    const ownerId = newOwner();
    const byTitle = await newConversation(ownerId, 'Planning the Garden');
    const byContent = await newConversation(ownerId, 'Untitled thing');
    await saveMessage(db, ownerId, byContent.id, user(randomUUID(), 'How do I prune a GARDEN rose?'));
    await saveMessage(db, ownerId, byContent.id, user(randomUUID(), 'And the garden hedge?'));
    const percent = await newConversation(ownerId, '100% effort');
    const underscore = await newConversation(ownerId, 'snake_case names');
    const backslash = await newConversation(ownerId, 'path C:\\temp');
    const plain = await newConversation(ownerId, '1000 effort snakeXcase');

    const search = async (q: string) => (await listConversations(db, ownerId, { search: q })).conversations.map((c) => c.id).sort();
    expect(await search('garden')).toEqual([byTitle.id, byContent.id].sort());
    expect(await search('PRUNE')).toEqual([byContent.id]);
    expect(await search('0%')).toEqual([percent.id]);
    expect(await search('%')).toEqual([percent.id]);
    expect(await search('_')).toEqual([underscore.id]);
    expect(await search('e_c')).toEqual([underscore.id]);
    expect(await search('\\')).toEqual([backslash.id]);
    expect(await search('C:\\t')).toEqual([backslash.id]);
    expect(await search('nothing like this')).toEqual([]);
    expect(await search('effort')).toEqual([percent.id, plain.id].sort());
    // A blank search is no search.
    expect((await search('  ')).length).toBe(6);

    // Search pages like the plain list.
    const first = await listConversations(db, ownerId, { search: 'garden', limit: 1 });
    expect(first.conversations).toHaveLength(1);
    const second = await listConversations(db, ownerId, { search: 'garden', limit: 1, cursor: first.nextCursor! });
    expect(second.conversations).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([first.conversations[0]!.id, second.conversations[0]!.id]).size).toBe(2);
  });

  it('renames and updates settings without reordering the list', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    expect(await renameConversation(db, ownerId, conversation.id, '  Trip   to Lisbon ')).toBe(true);
    expect(await updateConversationSettings(db, ownerId, conversation.id, { model: 'm', webSearch: false })).toBe(true);
    const after = await getConversation(db, ownerId, conversation.id);
    expect(after?.title).toBe('Trip to Lisbon');
    expect(after?.settings).toEqual({ model: 'm', webSearch: false });
    expect(after?.updatedAt).toBe(conversation.updatedAt);
    expect(await renameConversation(db, ownerId, conversation.id, '🙂'.repeat(300))).toBe(true);
    expect((await getConversation(db, ownerId, conversation.id))?.title).toBe('🙂'.repeat(200));
    expect(await renameConversation(db, ownerId, randomUUID(), 'x')).toBe(false);
    expect(await updateConversationSettings(db, ownerId, randomUUID(), {})).toBe(false);
  });

  it("keeps a title the owner chose: Rill's own names (first words, the title model) no longer replace it", async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    expect(await renameConversation(db, ownerId, conversation.id, 'Named by Rill', 'rill')).toBe(true);
    expect((await getConversation(db, ownerId, conversation.id))?.title).toBe('Named by Rill');
    expect(await renameConversation(db, ownerId, conversation.id, 'Named by me')).toBe(true);
    expect(await renameConversation(db, ownerId, conversation.id, 'Named by Rill again', 'rill')).toBe(false);
    expect((await getConversation(db, ownerId, conversation.id))?.title).toBe('Named by me');
  });

  it("names many owners' conversations in one statement, keeping the names owners chose and touching no one else's", async () => {
    const [alice, bob] = [newOwner(), newOwner()];
    const [mine, chosen, bobs] = [await newConversation(alice), await newConversation(alice), await newConversation(bob)];
    await renameConversation(db, alice, chosen.id, 'Named by me');
    await nameConversations(db, [
      { ownerId: alice, id: mine.id, title: '  Trip\n to   Lisbon ' },
      { ownerId: alice, id: chosen.id, title: 'Named by Rill' },
      { ownerId: bob, id: bobs.id, title: 'Bob’s chat' },
      // Alice cannot name Bob's conversation by its id.
      { ownerId: alice, id: randomUUID(), title: 'Nobody’s' },
    ]);
    await nameConversations(db, [{ ownerId: alice, id: bobs.id, title: 'pwned' }]);
    expect((await getConversation(db, alice, mine.id))?.title).toBe('Trip to Lisbon');
    expect((await getConversation(db, alice, chosen.id))?.title).toBe('Named by me');
    expect((await getConversation(db, bob, bobs.id))?.title).toBe('Bob’s chat');
    expect((await getConversation(db, alice, mine.id))?.updatedAt).toBe(mine.updatedAt);
  });

  it('deletes a conversation with its messages', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    await saveMessage(db, ownerId, conversation.id, user('del-1-' + conversation.id, 'hello'));
    await saveMessage(db, ownerId, conversation.id, user('del-2-' + conversation.id, 'again'));
    expect(await deleteConversation(db, ownerId, conversation.id)).toBe(true);
    expect(await getConversation(db, ownerId, conversation.id)).toBeUndefined();
    expect(await db.select().from(messages).where(eq(messages.conversationId, conversation.id))).toEqual([]);
    expect(await deleteConversation(db, ownerId, conversation.id)).toBe(false);
  });

  it('upserts one message repeatedly while it streams, then completes it in place', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    await setUpdatedAt([conversation.id], new Date('2000-01-01T00:00:00.000Z'));
    const question = user(randomUUID(), 'Tell me a story');
    expect(await saveMessage(db, ownerId, conversation.id, question)).toBe(true);
    const afterQuestion = await getConversation(db, ownerId, conversation.id);
    expect(afterQuestion!.updatedAt > '2000-01-01T00:00:00.000Z').toBe(true);

    const answerId = randomUUID();
    const parts: unknown[] = [{ type: 'step-start' }, { type: 'reasoning', text: 'Hmm', state: 'done' }];
    for (const chunk of ['Once', ' upon', ' a time']) {
      parts.push({ type: 'text', text: chunk, state: 'streaming' });
      expect(
        await saveMessage(db, ownerId, conversation.id, { id: answerId, role: 'assistant', parts: [...parts], status: 'streaming' }),
      ).toBe(true);
    }
    let stored = await getConversation(db, ownerId, conversation.id);
    expect(stored?.messages.map((m) => [m.id, m.status])).toEqual([
      [question.id, 'complete'],
      [answerId, 'streaming'],
    ]);
    expect(stored?.messages[1]?.parts).toEqual(parts);
    expect(stored?.messages[1]?.metadata).toBeNull();

    const metadata = { model: 'claude-test', usage: usage(10, 20, 3, 4), stopReason: 'end_turn' };
    const finalParts = [...parts, { type: 'text', text: 'The end.', state: 'done' }];
    await saveMessage(db, ownerId, conversation.id, { id: answerId, role: 'assistant', parts: finalParts, metadata, status: 'complete' });
    stored = await getConversation(db, ownerId, conversation.id);
    expect(stored?.messages).toHaveLength(2);
    expect(stored?.messages[1]).toMatchObject({ id: answerId, role: 'assistant', parts: finalParts, metadata, status: 'complete' });

    const [row] = await db.select().from(messages).where(eq(messages.id, answerId));
    expect(row).toMatchObject({
      position: 1,
      model: 'claude-test',
      inputTokens: 10,
      outputTokens: 20,
      cacheReadTokens: 3,
      cacheWriteTokens: 4,
      textContent: 'Once\n upon\n a time\nThe end.',
    });
  });

  it('rewrites a saved message in one statement, only for its owner and conversation', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const other = await newConversation(ownerId);
    const answer = { id: randomUUID(), role: 'assistant' as const, parts: [text('Once')], status: 'streaming' as const };
    expect(await updateSavedMessage(db, ownerId, conversation.id, answer)).toBe(false);
    expect(await saveMessage(db, ownerId, conversation.id, answer)).toBe(true);

    const later = { ...answer, parts: [text('Once upon a time')], metadata: { model: 'claude-test' } };
    expect(await updateSavedMessage(db, newOwner(), conversation.id, later)).toBe(false);
    expect(await updateSavedMessage(db, ownerId, other.id, later)).toBe(false);
    expect(await updateSavedMessage(db, ownerId, conversation.id, later)).toBe(true);
    const stored = await getConversation(db, ownerId, conversation.id);
    expect(stored?.messages).toMatchObject([{ id: answer.id, parts: later.parts, metadata: later.metadata, status: 'streaming' }]);
    const [row] = await db.select().from(messages).where(eq(messages.id, answer.id));
    expect(row).toMatchObject({ position: 0, model: 'claude-test', textContent: 'Once upon a time' });
  });

  it('creates a conversation with its first message in one statement, and refuses a taken id', async () => {
    const ownerId = newOwner();
    const id = randomUUID();
    const first = user(randomUUID(), 'Hello');
    expect(await createConversationWithMessage(db, { id, ownerId, settings: { model: 'm' } }, first)).toBe(true);
    const stored = await getConversation(db, ownerId, id);
    expect(stored).toMatchObject({ id, title: 'New chat', settings: { model: 'm' }, messages: [{ id: first.id, role: 'user', parts: first.parts, metadata: null, status: 'complete' }] });
    expect(stored?.updatedAt).toBe(stored?.createdAt);

    expect(await createConversationWithMessage(db, { id, ownerId: newOwner() }, user(randomUUID(), 'Mine now?'))).toBe(false);
    expect(await createConversationWithMessage(db, { id, ownerId }, user(randomUUID(), 'Again'))).toBe(false);
    expect((await getConversation(db, ownerId, id))?.messages).toHaveLength(1);
  });

  it('refuses a new chat whose message id is already used, and creates nothing', async () => {
    const ownerId = newOwner();
    const taken = user(randomUUID(), 'First');
    expect(await createConversationWithMessage(db, { id: randomUUID(), ownerId }, taken)).toBe(true);
    const [otherId, otherOwner] = [randomUUID(), newOwner()];
    await expect(createConversationWithMessage(db, { id: otherId, ownerId: otherOwner }, taken)).rejects.toBeInstanceOf(MessageIdTakenError);
    expect(await getConversation(db, otherOwner, otherId)).toBeUndefined();
  });

  it('saves many answers in one statement: inserts new ones at the end, rewrites saved ones, skips what is not the owner\'s', async () => {
    const ownerId = newOwner();
    const a = await newConversation(ownerId);
    const b = await newConversation(ownerId);
    const foreign = await newConversation(newOwner());
    await saveMessage(db, ownerId, a.id, user(randomUUID(), 'Question A'));
    await setUpdatedAt([a.id, b.id], new Date('2020-01-01T00:00:00Z'));
    const answerA = { id: randomUUID(), role: 'assistant' as const, parts: [text('Once')], status: 'streaming' as const, ownerId, conversationId: a.id };
    const answerB = { id: randomUUID(), role: 'assistant' as const, parts: [text('Hi')], status: 'streaming' as const, ownerId, conversationId: b.id };
    const stranger = { ...answerB, id: randomUUID(), conversationId: foreign.id };
    expect(await saveMessagesBatch(db, [answerA, answerB, stranger])).toEqual(new Set([answerA.id, answerB.id]));
    expect(await getConversation(db, newOwner(), foreign.id)).toBeUndefined();
    const [fresh] = await listConversations(db, ownerId).then((page) => page.conversations);
    expect(new Date(fresh!.updatedAt).getFullYear()).toBeGreaterThan(2020);

    await setUpdatedAt([a.id, b.id], new Date('2020-01-01T00:00:00Z'));
    const finalA = { ...answerA, parts: [text('Once upon a time')], metadata: { model: 'claude-test', usage: usage(7, 9), stopReason: 'stopped' }, status: 'stopped' as const, touch: true };
    const laterB = { ...answerB, parts: [text('Hi there')] };
    // The id of an answer in another conversation is not taken over.
    const hijack = { ...answerA, id: answerB.id, parts: [text('hijacked')] };
    expect(await saveMessagesBatch(db, [finalA, laterB])).toEqual(new Set([answerA.id, answerB.id]));
    expect(await saveMessagesBatch(db, [hijack])).toEqual(new Set());

    const storedA = await getConversation(db, ownerId, a.id);
    expect(storedA?.messages).toMatchObject([{ role: 'user' }, { id: answerA.id, parts: finalA.parts, metadata: finalA.metadata, status: 'stopped' }]);
    expect(new Date(storedA!.updatedAt).getFullYear()).toBeGreaterThan(2020);
    const storedB = await getConversation(db, ownerId, b.id);
    expect(storedB?.messages).toMatchObject([{ id: answerB.id, parts: laterB.parts, metadata: null, status: 'streaming' }]);
    expect(storedB?.updatedAt).toBe('2020-01-01T00:00:00.000Z');
    const [row] = await db.select().from(messages).where(eq(messages.id, answerA.id));
    expect(row).toMatchObject({ position: 1, model: 'claude-test', inputTokens: 7, outputTokens: 9, textContent: 'Once upon a time', metadata: finalA.metadata });
  });

  it('refuses a batch in which two new messages of one conversation would take the same position', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const twin = (t: string) => ({ id: randomUUID(), role: 'assistant' as const, parts: [text(t)], status: 'streaming' as const, ownerId, conversationId: conversation.id });
    await expect(saveMessagesBatch(db, [twin('one'), twin('two')])).rejects.toThrow();
    expect((await getConversation(db, ownerId, conversation.id))?.messages).toEqual([]);
  });

  it('keeps a partial answer marked as stopped, and its error sibling', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    await saveMessage(db, ownerId, conversation.id, user(randomUUID(), 'Write a long essay'));
    const id = randomUUID();
    await saveMessage(db, ownerId, conversation.id, { id, role: 'assistant', parts: [text('Half an')], status: 'streaming' });
    await saveMessage(db, ownerId, conversation.id, {
      id,
      role: 'assistant',
      parts: [text('Half an')],
      metadata: { stopReason: 'stopped', usage: usage(5, 2) },
      status: 'stopped',
    });
    const failedId = randomUUID();
    await saveMessage(db, ownerId, conversation.id, { id: failedId, role: 'assistant', parts: [], metadata: { errorText: 'boom' }, status: 'error' });
    const stored = await getConversation(db, ownerId, conversation.id);
    expect(stored?.messages.map((m) => m.status)).toEqual(['complete', 'stopped', 'error']);
    expect(stored?.messages[1]?.parts).toEqual([text('Half an')]);
    expect(stored?.messages[2]?.metadata).toEqual({ errorText: 'boom' });
  });

  it('stores text it cannot hold verbatim (NUL, lone surrogates) as U+FFFD instead of failing', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId, 'a\u0000b');
    expect(conversation.title).toBe('a\uFFFDb');
    const id = randomUUID();
    expect(await saveMessage(db, ownerId, conversation.id, user(id, 'nul\u0000 and \uD800 lone, 🙂 fine'))).toBe(true);
    const stored = await getConversation(db, ownerId, conversation.id);
    expect(stored?.messages[0]?.parts).toEqual([text('nul\uFFFD and \uFFFD lone, 🙂 fine')]);
  });

  it('trims every message before a given one, and only for its owner', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const ids = Array.from({ length: 4 }, () => randomUUID());
    for (const [i, id] of ids.entries()) {
      await saveMessage(db, ownerId, conversation.id, { id, role: i % 2 ? 'assistant' : 'user', parts: [text(`m${i}`)], status: 'complete' });
    }
    expect(await deleteMessagesBefore(db, newOwner(), conversation.id, ids[2]!)).toBe(false);
    expect(await deleteMessagesBefore(db, ownerId, conversation.id, ids[2]!)).toBe(true);
    expect((await getConversation(db, ownerId, conversation.id))?.messages.map((m) => m.id)).toEqual(ids.slice(2));
  });

  /** Saves a message after `parentId` and returns its id. */
  async function add(ownerId: string, conversationId: string, parentId: string | null, t: string, role: 'user' | 'assistant' = 'user') {
    const id = randomUUID();
    expect(await saveMessage(db, ownerId, conversationId, { id, role, parts: [text(t)], status: 'complete', parentId })).toBe(true);
    return id;
  }
  const pathOf = async (ownerId: string, id: string) => (await getConversation(db, ownerId, id))?.messages.map((m) => (m.parts[0] as { text: string }).text);

  it('keeps edits and regenerated answers as versions, and reads the current branch', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const q1 = await add(ownerId, conversation.id, null, 'q1');
    const a1 = await add(ownerId, conversation.id, q1, 'a1', 'assistant');
    const q2 = await add(ownerId, conversation.id, a1, 'q2');
    const a2 = await add(ownerId, conversation.id, q2, 'a2', 'assistant');
    // An edit of q2, then an answer regenerated for q1: each the newest of its versions.
    const q2b = await add(ownerId, conversation.id, a1, 'q2b');
    const a2b = await add(ownerId, conversation.id, q2b, 'a2b', 'assistant');
    expect(await pathOf(ownerId, conversation.id)).toEqual(['q1', 'a1', 'q2b', 'a2b']);
    const a1b = await add(ownerId, conversation.id, q1, 'a1b', 'assistant');
    const stored = await getConversation(db, ownerId, conversation.id);
    expect(stored?.messages.map((m) => m.id)).toEqual([q1, a1b]);
    expect(stored?.versions).toEqual({ [a1b]: [a1, a1b] });

    // Going back to the first answer shows what was last shown after it: the edited question.
    expect(await chooseMessage(db, ownerId, conversation.id, a1)).toBe(true);
    const back = await getConversation(db, ownerId, conversation.id);
    expect(back?.messages.map((m) => m.id)).toEqual([q1, a1, q2b, a2b]);
    expect(back?.versions).toEqual({ [a1]: [a1, a1b], [q2b]: [q2, q2b] });
    // Choosing a message deep in an old branch makes its whole line current.
    expect(await chooseMessage(db, ownerId, conversation.id, a2)).toBe(true);
    expect(await pathOf(ownerId, conversation.id)).toEqual(['q1', 'a1', 'q2', 'a2']);
    // Without a parent, a new message goes at the end of the current branch.
    await saveMessage(db, ownerId, conversation.id, user(randomUUID(), 'q3'));
    expect(await pathOf(ownerId, conversation.id)).toEqual(['q1', 'a1', 'q2', 'a2', 'q3']);
    expect(await getMessageLineage(db, ownerId, conversation.id, a2b)).toMatchObject([{ id: q1 }, { id: a1 }, { id: q2b }, { id: a2b }]);
  });

  it('chooses and reads branches only in the owner\'s own conversation', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const q1 = await add(ownerId, conversation.id, null, 'q1');
    const other = await newConversation(ownerId);
    expect(await chooseMessage(db, newOwner(), conversation.id, q1)).toBe(false);
    expect(await chooseMessage(db, ownerId, other.id, q1)).toBe(false);
    expect(await chooseMessage(db, ownerId, conversation.id, randomUUID())).toBe(false);
    expect(await getMessageLineage(db, newOwner(), conversation.id, q1)).toBeUndefined();
    expect(await getMessageLineage(db, ownerId, other.id, q1)).toBeUndefined();
    expect(await getConversationTree(db, newOwner(), conversation.id)).toBeUndefined();
  });

  it('reads every branch with its parent for the export', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const q1 = await add(ownerId, conversation.id, null, 'q1');
    const a1 = await add(ownerId, conversation.id, q1, 'a1', 'assistant');
    const q1b = await add(ownerId, conversation.id, null, 'q1b');
    const tree = await getConversationTree(db, ownerId, conversation.id);
    expect(tree?.messages.map((m) => [m.id, m.parentId])).toEqual([
      [q1, null],
      [a1, q1],
      [q1b, null],
    ]);
    expect(tree?.currentPath).toEqual([q1b]);
  });

  it('saves a batch of answers after the questions they answer', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const q1 = await add(ownerId, conversation.id, null, 'q1');
    const a1 = await add(ownerId, conversation.id, q1, 'a1', 'assistant');
    const q2 = await add(ownerId, conversation.id, a1, 'q2');
    const again = randomUUID();
    const saved = await saveMessagesBatch(db, [{ ownerId, conversationId: conversation.id, id: again, role: 'assistant', parts: [text('a1b')], status: 'streaming', parentId: q1 }]);
    expect(saved).toEqual(new Set([again]));
    expect(await pathOf(ownerId, conversation.id)).toEqual(['q1', 'a1b']);
    expect((await getConversation(db, ownerId, conversation.id))?.versions).toEqual({ [again]: [a1, again] });
    expect(await chooseMessage(db, ownerId, conversation.id, q2)).toBe(true);
    expect(await pathOf(ownerId, conversation.id)).toEqual(['q1', 'a1', 'q2']);
  });

  it('searches only the current branch of each conversation', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const q1 = await add(ownerId, conversation.id, null, 'How tall is the Eiffel tower?');
    await add(ownerId, conversation.id, null, 'How old is the Colosseum?');
    expect((await listConversations(db, ownerId, { search: 'eiffel' })).conversations).toEqual([]);
    expect((await listConversations(db, ownerId, { search: 'colosseum' })).conversations.map((c) => c.id)).toEqual([conversation.id]);
    await chooseMessage(db, ownerId, conversation.id, q1);
    expect((await listConversations(db, ownerId, { search: 'eiffel' })).conversations.map((c) => c.id)).toEqual([conversation.id]);
    expect((await listConversations(db, ownerId, { search: 'colosseum' })).conversations).toEqual([]);
  });

  it('trims the oldest turns with their other versions, and keeps every branch after', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const q1 = await add(ownerId, conversation.id, null, 'q1');
    await add(ownerId, conversation.id, null, 'q1 edited, then left');
    await chooseMessage(db, ownerId, conversation.id, q1);
    const a1 = await add(ownerId, conversation.id, q1, 'a1', 'assistant');
    const q2 = await add(ownerId, conversation.id, a1, 'q2');
    const a2 = await add(ownerId, conversation.id, q2, 'a2', 'assistant');
    const a2b = await add(ownerId, conversation.id, q2, 'a2b', 'assistant');
    expect(await deleteMessagesBefore(db, ownerId, conversation.id, q2)).toBe(true);
    const tree = await getConversationTree(db, ownerId, conversation.id);
    expect(tree?.messages.map((m) => m.id)).toEqual([q2, a2, a2b]);
    expect(tree?.messages[0]?.parentId).toBeNull();
    expect(await pathOf(ownerId, conversation.id)).toEqual(['q2', 'a2b']);
  });

  it("keeps each answer's token counts in its row, junk counted as zero", async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const [first, second] = [randomUUID(), randomUUID()];
    await saveMessage(db, ownerId, conversation.id, user(randomUUID(), 'q1'));
    await saveMessage(db, ownerId, conversation.id, { id: first, role: 'assistant', parts: [text('a1')], metadata: { model: 'm', usage: usage(100, 50, 10, 5) }, status: 'complete' });
    await saveMessage(db, ownerId, conversation.id, {
      id: second,
      role: 'assistant',
      parts: [text('a2')],
      // Junk in usage counts as zero rather than failing the save.
      metadata: { usage: { inputTokens: 7, outputTokens: 'lots', cacheReadTokens: -3, cacheWriteTokens: 1.9 } },
      status: 'complete',
    });
    const tokensOf = async (id: string) => {
      const [row] = await db.select().from(messages).where(eq(messages.id, id));
      return row && usage(row.inputTokens, row.outputTokens, row.cacheReadTokens, row.cacheWriteTokens);
    };
    expect(await tokensOf(first)).toEqual(usage(100, 50, 10, 5));
    expect(await tokensOf(second)).toEqual(usage(7, 0, 0, 1));
  });

  it('assigns distinct positions to concurrent saves', async () => {
    const ownerId = newOwner();
    const conversation = await newConversation(ownerId);
    const ids = Array.from({ length: 8 }, () => randomUUID());
    const results = await Promise.all(ids.map((id, i) => saveMessage(db, ownerId, conversation.id, user(id, `c${i}`))));
    expect(results.every(Boolean)).toBe(true);
    const rows = await db.select({ position: messages.position }).from(messages).where(eq(messages.conversationId, conversation.id));
    expect(rows.map((r) => r.position).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("isolates owners: another owner's conversation does not exist for them", async () => {
    const a = newOwner();
    const b = newOwner();
    const conversation = await createConversation(db, { id: randomUUID(), ownerId: a, title: 'Secret plans', settings: { model: 'm' } });
    const messageId = randomUUID();
    await saveMessage(db, a, conversation.id, user(messageId, 'the secret'));
    const before = await getConversation(db, a, conversation.id);
    const ownB = await newConversation(b, 'Mine');

    expect(await getConversation(db, b, conversation.id)).toBeUndefined();
    expect(await renameConversation(db, b, conversation.id, 'pwned')).toBe(false);
    expect(await updateConversationSettings(db, b, conversation.id, { model: 'x' })).toBe(false);
    expect(await saveMessage(db, b, conversation.id, user(randomUUID(), 'injected'))).toBe(false);
    expect(await saveMessage(db, b, conversation.id, user(messageId, 'overwrite'))).toBe(false);
    // B cannot reach A's message through B's own conversation either.
    expect(await saveMessage(db, b, ownB.id, user(messageId, 'overwrite'))).toBe(false);
    expect(await chooseMessage(db, b, conversation.id, messageId)).toBe(false);
    expect(await deleteMessagesBefore(db, b, conversation.id, messageId)).toBe(false);
    expect(await deleteConversation(db, b, conversation.id)).toBe(false);

    const listB = await listConversations(db, b);
    expect(listB.conversations.map((c) => c.id)).toEqual([ownB.id]);
    expect((await listConversations(db, b, { search: 'secret' })).conversations).toEqual([]);
    // A cursor from A's list shows B nothing of A's.
    const pageA = await listConversations(db, a, { limit: 1 });
    expect(pageA.conversations.map((c) => c.id)).toEqual([conversation.id]);
    const fakeCursor = Buffer.from(JSON.stringify([Date.now() + 86_400_000, 'zzzz'])).toString('base64url');
    expect((await listConversations(db, b, { cursor: fakeCursor })).conversations.map((c) => c.id)).toEqual([ownB.id]);

    expect(await getConversation(db, a, conversation.id)).toEqual(before);
    expect(await getConversation(db, b, ownB.id)).toMatchObject({ messages: [] });
  });

  const attachmentRecord = (size: number) => ({
    id: randomUUID(),
    conversationId: 'conversation-files',
    mediaType: 'image/png',
    filename: 'file.png',
    size,
  });
  async function storedAttachmentBytes(): Promise<number> {
    const rows = await db.select({ size: attachments.size }).from(attachments);
    return rows.reduce((sum, row) => sum + row.size, 0);
  }
  const roomy = { ownerBytes: 1e12, totalBytes: 1e12 };

  it("keeps each owner's attachments within their quota, sent or not, and tells how much is used", async () => {
    const ownerId = newOwner();
    const first = attachmentRecord(600);
    expect(await insertAttachmentWithinQuota(db, ownerId, first, { ...roomy, ownerBytes: 1000 })).toBeUndefined();
    await markAttachmentsSent(db, ownerId, first.conversationId, [first.id]);
    expect(await insertAttachmentWithinQuota(db, ownerId, attachmentRecord(400), { ...roomy, ownerBytes: 1000 })).toBeUndefined();
    expect(await insertAttachmentWithinQuota(db, ownerId, attachmentRecord(1), { ...roomy, ownerBytes: 1000 })).toEqual({
      quota: 'owner',
      usedBytes: 1000,
      quotaBytes: 1000,
    });
    // Someone else's files do not count against this owner.
    expect(await insertAttachmentWithinQuota(db, newOwner(), attachmentRecord(1000), { ...roomy, ownerBytes: 1000 })).toBeUndefined();
  });

  it("keeps the whole deployment's attachments within its quota, whoever uploads", async () => {
    const stored = await storedAttachmentBytes();
    const quotas = { ownerBytes: 1e12, totalBytes: stored + 500 };
    expect(await insertAttachmentWithinQuota(db, newOwner(), attachmentRecord(300), quotas)).toBeUndefined();
    const refused = attachmentRecord(300);
    expect(await insertAttachmentWithinQuota(db, newOwner(), refused, quotas)).toEqual({ quota: 'total', usedBytes: stored + 300, quotaBytes: stored + 500 });
    expect(await db.select().from(attachments).where(eq(attachments.id, refused.id))).toEqual([]);
  });

  it('lets concurrent uploads fill a quota but never overshoot it', async () => {
    // Several rounds: the first may find the connection pool still opening, which spaces the uploads out.
    for (let round = 0; round < 3; round++) {
      const ownerId = newOwner();
      const results = await Promise.all(
        Array.from({ length: 12 }, () => insertAttachmentWithinQuota(db, ownerId, attachmentRecord(100), { ...roomy, ownerBytes: 450 })),
      );
      expect(results.filter((result) => result === undefined)).toHaveLength(4);
      const rows = await db.select({ size: attachments.size }).from(attachments).where(eq(attachments.ownerId, ownerId));
      expect(rows.reduce((sum, row) => sum + row.size, 0)).toBe(400);
    }
  });

  it("sweeps every owner's stale unsent attachments, oldest first, and keeps sent and recent ones", async () => {
    // Long ago, so that no other test's rows are stale by this cutoff.
    const cutoff = new Date('2001-01-01T00:00:00Z');
    const at = (iso: string) => new Date(iso);
    const row = (ownerId: string, createdAt: Date, sentAt: Date | null) => ({ ...attachmentRecord(10), ownerId, createdAt, sentAt });
    const [a, b] = [newOwner(), newOwner()];
    const oldest = row(a, at('2000-01-01T00:00:00Z'), null);
    const older = row(b, at('2000-02-01T00:00:00Z'), null);
    const old = row(a, at('2000-03-01T00:00:00Z'), null);
    const sent = row(a, at('2000-01-01T00:00:00Z'), at('2000-01-01T00:01:00Z'));
    const recent = row(b, at('2001-06-01T00:00:00Z'), null);
    await db.insert(attachments).values([old, sent, oldest, recent, older]);

    expect(await deleteStaleUnsentAttachments(db, cutoff, 2)).toEqual([oldest.id, older.id]);
    expect(await deleteStaleUnsentAttachments(db, cutoff, 2)).toEqual([old.id]);
    expect(await deleteStaleUnsentAttachments(db, cutoff, 2)).toEqual([]);
    const left = await db.select({ id: attachments.id }).from(attachments).where(inArray(attachments.id, [sent.id, recent.id]));
    expect(left.map((r) => r.id).sort()).toEqual([sent.id, recent.id].sort());
  });

  it('gives each stale attachment to exactly one of several sweeps running at once', async () => {
    const cutoff = new Date('2001-01-01T00:00:00Z');
    const stale = Array.from({ length: 30 }, (_, i) => ({ ...attachmentRecord(10), ownerId: newOwner(), createdAt: new Date(Date.UTC(2000, 0, 1, 0, i)) }));
    await db.insert(attachments).values(stale);
    const swept = (await Promise.all(Array.from({ length: 4 }, () => deleteStaleUnsentAttachments(db, cutoff, 1000)))).flat();
    expect(swept.sort()).toEqual(stale.map((r) => r.id).sort());
  });
});
