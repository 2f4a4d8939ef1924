import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createConversation, getConversation, saveMessage, updateSavedMessage, type MessageInput } from '../db/queries';
import { describeOnEachEngine } from '../db/test-databases';
import { settleAnswersLeftStreaming, settleDeadAnswers } from './recovery';

const streamingAnswer = (id: string): MessageInput => ({
  id,
  role: 'assistant',
  status: 'streaming',
  metadata: { model: 'claude-sonnet-5-5' },
  parts: [
    { type: 'reasoning', text: 'Thinking', state: 'done' },
    { type: 'text', text: 'Half an ans', state: 'streaming' },
    { type: 'tool-calculate', toolCallId: 't1', state: 'input-available', input: { expression: '1+1' } },
  ],
});

describeOnEachEngine('answers a dead generation left streaming', (database) => {
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  async function conversationWith(answer: MessageInput) {
    const ownerId = `owner-${randomUUID()}`;
    const { id } = await createConversation(db, { id: randomUUID(), ownerId });
    await saveMessage(db, ownerId, id, { id: randomUUID(), role: 'user', status: 'complete', parts: [{ type: 'text', text: 'Hi' }] });
    await saveMessage(db, ownerId, id, answer);
    const reread = () => getConversation(db, ownerId, id);
    return { ownerId, id, reread, conversation: (await reread())! };
  }

  it('are settled as interrupted, text kept, nothing left streaming or running, in the database too', async () => {
    const { conversation, reread } = await conversationWith(streamingAnswer(randomUUID()));
    const settled = await settleDeadAnswers(db, conversation, async () => false, reread);
    for (const view of [settled, (await reread())!]) {
      const answer = view.messages.at(-1)!;
      expect(answer.status).toBe('error');
      expect(answer.metadata).toMatchObject({ model: 'claude-sonnet-5-5', stopReason: 'error' });
      expect(answer.parts).toEqual([
        { type: 'reasoning', text: 'Thinking', state: 'done' },
        { type: 'text', text: 'Half an ans', state: 'done' },
        { type: 'tool-calculate', toolCallId: 't1', state: 'output-error', input: { expression: '1+1' }, errorText: 'Interrupted before it finished.' },
      ]);
    }
  });

  it('are left alone while their answer is live somewhere', async () => {
    const { conversation, reread } = await conversationWith(streamingAnswer(randomUUID()));
    const kept = await settleDeadAnswers(db, conversation, async () => true, reread);
    expect(kept.messages.at(-1)!.status).toBe('streaming');
    expect((await reread())!.messages.at(-1)!.status).toBe('streaming');
  });

  it('never overwrite an answer that ended after it was read: what was saved last stands', async () => {
    const answerId = randomUUID();
    const { ownerId, id, conversation, reread } = await conversationWith(streamingAnswer(answerId));
    // The generation ends and saves its answer between the read and the settling.
    const final: MessageInput = { id: answerId, role: 'assistant', status: 'complete', metadata: { stopReason: 'end_turn' }, parts: [{ type: 'text', text: 'Half an answer.', state: 'done' }] };
    await updateSavedMessage(db, ownerId, id, final);
    const view = await settleDeadAnswers(db, conversation, async () => false, reread);
    expect(view.messages.at(-1)).toMatchObject({ status: 'complete', parts: final.parts });
    expect((await reread())!.messages.at(-1)).toMatchObject({ status: 'complete', parts: final.parts });
  });

  it('are all settled on start, in every conversation', async () => {
    const first = await conversationWith(streamingAnswer(randomUUID()));
    const second = await conversationWith(streamingAnswer(randomUUID()));
    expect(await settleAnswersLeftStreaming(db)).toBeGreaterThanOrEqual(2);
    for (const { reread } of [first, second]) expect((await reread())!.messages.at(-1)!.status).toBe('error');
  });
});
