import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from './client';
import {
  createConversation,
  deleteConversation,
  deleteShareOfConversation,
  getConversation,
  getShareOfConversation,
  getSharedSnapshot,
  insertConversationCopy,
  insertShare,
  moveOwnerData,
  replaceShareSnapshot,
  type SharedMessage,
} from './queries';
import { describeOnEachEngine } from './test-databases';

const message = (text: string, role: 'user' | 'assistant' = 'user'): SharedMessage => ({
  id: randomUUID(),
  role,
  parts: [{ type: 'text', text }],
  metadata: null,
  status: 'complete',
});

describeOnEachEngine('shares and copies', (database) => {
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  const newOwner = () => `owner-${randomUUID()}`;
  const newConversation = async (ownerId: string) => (await createConversation(db, { id: randomUUID(), ownerId, title: 'Shared' })).id;
  const snapshot = (text: string) => ({ snapshotId: randomUUID(), title: 'Shared', messages: [message(text)] });

  it('gives a conversation one link, only its owner can make, update, read or delete', async () => {
    const owner = newOwner();
    const stranger = newOwner();
    const conversationId = await newConversation(owner);
    const id = `share-${randomUUID()}`;

    expect(await insertShare(db, stranger, { ...snapshot('hi'), id, conversationId })).toBeUndefined();
    const first = snapshot('first');
    const made = await insertShare(db, owner, { ...first, id, conversationId });
    expect(made).toMatchObject({ id, snapshotId: first.snapshotId });
    // A second link for the same conversation is refused: the first stands.
    expect(await insertShare(db, owner, { ...snapshot('again'), id: `share-${randomUUID()}`, conversationId })).toBeUndefined();

    expect(await getShareOfConversation(db, stranger, conversationId)).toBeUndefined();
    expect(await replaceShareSnapshot(db, stranger, id, snapshot('theirs'))).toBeUndefined();
    const second = snapshot('second');
    expect(await replaceShareSnapshot(db, owner, id, second)).toMatchObject({ id, snapshotId: second.snapshotId });
    expect(await getSharedSnapshot(db, id)).toMatchObject({ snapshotId: second.snapshotId, messages: second.messages });

    expect(await deleteShareOfConversation(db, stranger, conversationId)).toBeUndefined();
    expect(await deleteShareOfConversation(db, owner, conversationId)).toMatchObject({ id, snapshotId: second.snapshotId });
    expect(await getSharedSnapshot(db, id)).toBeUndefined();
  });

  it('moves a link with its conversation when a guest signs in, and drops it with the conversation', async () => {
    const guest = newOwner();
    const account = newOwner();
    const conversationId = await newConversation(guest);
    const id = `share-${randomUUID()}`;
    await insertShare(db, guest, { ...snapshot('hi'), id, conversationId });
    await moveOwnerData(db, guest, account);
    expect(await getShareOfConversation(db, account, conversationId)).toMatchObject({ id });
    await deleteConversation(db, account, conversationId);
    expect(await getSharedSnapshot(db, id)).toBeUndefined();
  });

  it('copies messages into a new conversation of the owner, in order', async () => {
    const owner = newOwner();
    const id = randomUUID();
    const messages = [message('question'), message('answer', 'assistant'), message('follow-up')];
    await insertConversationCopy(db, { id, ownerId: owner, title: 'A copy', settings: { model: 'claude-x' } }, messages);
    const copy = await getConversation(db, owner, id);
    expect(copy).toMatchObject({ title: 'A copy', settings: { model: 'claude-x' } });
    expect(copy!.messages.map((m) => [m.id, m.role, m.parts])).toEqual(messages.map((m) => [m.id, m.role, m.parts]));
  });
});
