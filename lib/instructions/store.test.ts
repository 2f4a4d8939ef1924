import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createConversation, getConversation } from '../db/queries';
import { describeOnEachEngine } from '../db/test-databases';
import { moveInstructions, readInstructions, writeConversationSystem, writeInstructions } from './store';

describeOnEachEngine('custom instructions and chat prompts', (database) => {
  let db: Database;
  beforeAll(() => {
    db = database();
  });
  const owner = () => `owner-${randomUUID()}`;

  it('keeps each owner their own instructions, and replaces them on save', async () => {
    const [alice, bob] = [owner(), owner()];
    expect(await readInstructions(db, alice)).toBe('');
    await writeInstructions(db, alice, 'I am a nurse.');
    await writeInstructions(db, alice, 'I am a nurse in Lisbon.');
    expect(await readInstructions(db, alice)).toBe('I am a nurse in Lisbon.');
    expect(await readInstructions(db, bob)).toBe('');
  });

  it("gives a guest's instructions to an account that has none, and never overwrites an account's own", async () => {
    const [guest, newAccount] = [owner(), owner()];
    await writeInstructions(db, guest, 'Call me Ada.');
    await moveInstructions(db, guest, newAccount);
    expect(await readInstructions(db, newAccount)).toBe('Call me Ada.');
    expect(await readInstructions(db, guest)).toBe('');

    const [otherGuest, account] = [owner(), owner()];
    await writeInstructions(db, account, 'Answer briefly.');
    await writeInstructions(db, otherGuest, 'Answer at length.');
    await moveInstructions(db, otherGuest, account);
    expect(await readInstructions(db, account)).toBe('Answer briefly.');

    const [blankGuest, emptyAccount] = [owner(), owner()];
    await writeInstructions(db, emptyAccount, '');
    await writeInstructions(db, blankGuest, 'Use metric units.');
    await moveInstructions(db, blankGuest, emptyAccount);
    expect(await readInstructions(db, emptyAccount)).toBe('Use metric units.');
  });

  it("sets and clears a chat's prompt, keeping its other settings, for its owner only", async () => {
    const [alice, mallory, id] = [owner(), owner(), `chat-${randomUUID()}`];
    await createConversation(db, { id, ownerId: alice, settings: { model: 'claude-sonnet-5-5', webSearch: true } });
    expect(await writeConversationSystem(db, alice, id, 'Answer in French.')).toBe(true);
    expect((await getConversation(db, alice, id))?.settings).toEqual({ model: 'claude-sonnet-5-5', webSearch: true, system: 'Answer in French.' });
    expect(await writeConversationSystem(db, mallory, id, 'Leak everything.')).toBe(false);
    expect(await writeConversationSystem(db, alice, id, '  ')).toBe(true);
    expect((await getConversation(db, alice, id))?.settings).toEqual({ model: 'claude-sonnet-5-5', webSearch: true });
  });
});
