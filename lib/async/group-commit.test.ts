import { describe, expect, it, vi } from 'vitest';
import { GroupCommit } from './group-commit';

type Item = { key: string; count: number };

/** A group commit over a store that keeps what it was asked to write, and can be held or made to fail. */
function recordingCommit(maxBatch?: number) {
  const batches: Item[][] = [];
  const singles: Item[] = [];
  const errors: unknown[] = [];
  let hold: Promise<void> | undefined;
  let failBatches = false;
  const commit = new GroupCommit<Item>({
    keyOf: (item) => item.key,
    merge: (waiting, newer) => ({ key: waiting.key, count: waiting.count + newer.count }),
    async writeBatch(items) {
      batches.push([...items]);
      await hold;
      if (failBatches) throw new Error('batch refused');
    },
    async writeOne(item) {
      if (item.key === 'broken') throw new Error('row refused');
      singles.push(item);
    },
    onError: (error) => errors.push(error),
    ...(maxBatch === undefined ? {} : { maxBatch }),
  });
  return {
    commit,
    batches,
    singles,
    errors,
    holdBatches() {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
    failBatches: () => (failBatches = true),
  };
}

const item = (key: string, count = 1): Item => ({ key, count });

describe('GroupCommit', () => {
  it('writes items added together as one batch, and those that arrive meanwhile, merged by key, as the next', async () => {
    const store = recordingCommit();
    const release = store.holdBatches();
    const first = Promise.all([store.commit.add(item('a')), store.commit.add(item('b'))]);
    await vi.waitFor(() => expect(store.batches).toHaveLength(1));
    const second = Promise.all([store.commit.add(item('a', 2)), store.commit.add(item('a', 3)), store.commit.add(item('c'))]);
    expect(store.batches).toHaveLength(1);
    release();
    await Promise.all([first, second]);
    expect(store.batches).toEqual([[item('a'), item('b')], [item('a', 5), item('c')]]);
  });

  it('writes at most maxBatch items per batch', async () => {
    const store = recordingCommit(2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => store.commit.add(item(key))));
    expect(store.batches.map((batch) => batch.map((each) => each.key))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('retries a failed batch item by item, so one bad row loses nothing else, and reports the failure', async () => {
    const store = recordingCommit();
    store.failBatches();
    await Promise.all([store.commit.add(item('a')), store.commit.add(item('broken')), store.commit.add(item('c'))]);
    expect(store.singles.map((each) => each.key)).toEqual(['a', 'c']);
    expect(store.errors).toEqual([new Error('row refused')]);
  });

  it('resolves add only once its item is written', async () => {
    const store = recordingCommit();
    const release = store.holdBatches();
    let written = false;
    const adding = store.commit.add(item('a')).then(() => (written = true));
    await vi.waitFor(() => expect(store.batches).toHaveLength(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe(false);
    release();
    await adding;
    expect(written).toBe(true);
  });
});
