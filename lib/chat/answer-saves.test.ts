import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import { answerSaveQueue, CheckpointClock, RecordedAnswer, type AnswerSave, type AnswerSaveBackend } from './answer-saves';
import { answerRow } from './persistence';

/** A backend that keeps what it was asked to write. */
function recordingBackend() {
  const batches: AnswerSave[][] = [];
  const backend: AnswerSaveBackend = {
    async saveBatch(saves) {
      batches.push([...saves]);
    },
    async saveOne() {
      throw new Error('only batches are written here');
    },
  };
  return { backend, batches };
}

const save = (id: string, phase: AnswerSave['phase'], text = id): AnswerSave => ({
  ownerId: 'owner',
  conversationId: `conversation-${id}`,
  parentId: `question-${id}`,
  message: { id, role: 'assistant', parts: [{ type: 'text', text }] },
  phase,
});

describe('answer saves', () => {
  it('write the latest save of each answer, and never let a checkpoint replace a final save that is still waiting', async () => {
    const store = recordingBackend();
    const queue = answerSaveQueue(store.backend);
    await Promise.all([
      queue.add(save('a', 'streaming', 'early')),
      queue.add(save('a', 'ended', 'final')),
      queue.add(save('a', 'streaming', 'stale')),
      queue.add(save('b', 'streaming', 'early')),
      queue.add(save('b', 'streaming', 'later')),
    ]);
    expect(store.batches).toEqual([[save('a', 'ended', 'final'), save('b', 'streaming', 'later')]]);
  });
});

describe('RecordedAnswer', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  const chunks = (id: string): RillChunk[] => [
    { type: 'start', messageId: id },
    { type: 'start-step' },
    { type: 'text-start', id: 'p0' },
  ];

  it('is saved on every tick while it changes, in one batch with the other open answers, and once more when it ends', async () => {
    const store = recordingBackend();
    const queue = answerSaveQueue(store.backend);
    const clock = new CheckpointClock(1_000);
    const a = new RecordedAnswer({ ownerId: 'owner', conversationId: 'c1', parentId: 'q1' }, queue, clock);
    const b = new RecordedAnswer({ ownerId: 'owner', conversationId: 'c2', parentId: 'q2' }, queue, clock);
    for (const chunk of chunks('a')) a.write(chunk);
    for (const chunk of chunks('b')) b.write(chunk);
    a.write({ type: 'text-delta', id: 'p0', delta: 'Once' });

    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(store.batches).toHaveLength(1));
    expect(store.batches[0]!.map((each) => `${each.message.id}:${each.phase}`).sort()).toEqual(['a:streaming', 'b:streaming']);

    // Only `a` changed since: only `a` is saved on the next tick.
    a.write({ type: 'text-delta', id: 'p0', delta: ' upon' });
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(store.batches).toHaveLength(2));
    expect(store.batches[1]!.map((each) => each.message.parts)).toEqual([[{ type: 'step-start' }, { type: 'text', text: 'Once upon', state: 'streaming' }]]);

    a.write({ type: 'finish', messageMetadata: { stopReason: 'stopped' } });
    await a.finish();
    await b.finish();
    const finals = store.batches.slice(2).flat();
    expect(finals.map((each) => `${each.message.id}:${each.phase}`).sort()).toEqual(['a:ended', 'b:ended']);
    // Nothing is saved after the end, and the clock stops with the last open answer.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(store.batches.slice(2).flat()).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('answerRow', () => {
  const message = (stopReason?: 'stopped' | 'error' | 'end_turn') => ({
    id: 'm',
    role: 'assistant' as const,
    parts: [],
    metadata: stopReason ? { stopReason } : {},
  });
  const row = (phase: AnswerSave['phase'], stopReason?: 'stopped' | 'error' | 'end_turn') =>
    answerRow({ ownerId: 'o', conversationId: 'c', parentId: 'q', message: message(stopReason), phase });

  it('marks a streaming, complete, stopped or failed answer, and moves the conversation up once it ends', () => {
    expect(row('streaming', 'stopped')).toMatchObject({ status: 'streaming', touch: false });
    expect(row('ended', 'end_turn')).toMatchObject({ status: 'complete', touch: true });
    expect(row('ended', 'stopped')).toMatchObject({ status: 'stopped', touch: true });
    expect(row('ended', 'error')).toMatchObject({ status: 'error', touch: true });
  });

  it('saves the answer after the question it answers', () => {
    expect(row('streaming')).toMatchObject({ parentId: 'q' });
  });
});
