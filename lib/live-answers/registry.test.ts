import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUpTestRedis, connectTestRedis, redisProxy, silentRedis, TEST_REDIS_URL, type TestRedis } from '../testing/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStreamRegistry } from './memory';
import { TooManyReadersError } from './readers';
import { createRedisStreamRegistry, StreamRegistryUnavailableError } from './redis';
import type { StreamRegistry, StreamWriter } from './types';

const REDIS_URL = TEST_REDIS_URL;
/** Every key this run writes lives under this prefix, so runs and parallel suites never share streams. */
const RUN_PREFIX = `rill-test:streams:${randomUUID()}:`;

type Chunk = { i: number; text?: string };
type Registry = StreamRegistry<Chunk>;

type Options = { retainMs?: number; maxReadersPerStream?: number };

type Harness = {
  /** A registry, as one server instance would have. `retainMs` is how long finished streams stay. */
  make(options?: Options): Registry;
  /** A second instance sharing the first one's store (memory: the same instance, there is no other). */
  peer(of: Registry): Registry;
};

const chunk = (i: number): Chunk => ({ i, text: `chunk ${i}` });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => chunk(from + k));

/** A reader's chunks one by one, parsed from the stored JSON batches it is given. */
async function* chunksOf(batches: AsyncIterable<string[]> | undefined): AsyncGenerator<Chunk, void, undefined> {
  if (!batches) throw new Error('expected a stream, got undefined');
  for await (const batch of batches) for (const json of batch) yield JSON.parse(json) as Chunk;
}

/** Every chunk a reader gets, parsed, once it ends. */
async function collect(batches: AsyncIterable<string[]> | undefined): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of chunksOf(batches)) out.push(c);
  return out;
}

/** Resolves once `predicate` holds, polling (test-side only). */
async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/** The same behaviour, whichever store holds the streams. */
function behaviouralSuite(harness: Harness) {
  const opened: Registry[] = [];
  const make = (options?: Options) => {
    const registry = harness.make(options);
    opened.push(registry);
    return registry;
  };
  const peer = (of: Registry) => {
    const registry = harness.peer(of);
    if (registry !== of) opened.push(registry);
    return registry;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((r) => r.close()));
  });

  it('gives a reader from 0 every chunk in order, those written before it started and after', async () => {
    const a = make();
    const b = peer(a);
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    for (const c of range(0, 3)) writer.write(c);
    const reading = collect(await b.readSerialised(id, 0));
    await sleep(30);
    for (const c of range(3, 6)) writer.write(c);
    await sleep(30);
    for (const c of range(6, 8)) writer.write(c);
    await writer.end();
    expect(await reading).toEqual(range(0, 8));
  });

  it('gives the chunks as stored JSON, every chunk there to read at once in one batch', async () => {
    const a = make();
    const b = peer(a);
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    for (const c of range(0, 3)) writer.write(c);
    await sleep(30);
    const reader = (await b.readSerialised(id, 1))!;
    const batches = (async () => {
      const all: string[][] = [];
      for await (const batch of reader) all.push(batch);
      return all;
    })();
    await sleep(30);
    for (const c of range(3, 6)) writer.write(c);
    await writer.end();
    const read = await batches;
    expect(read[0]).toEqual(range(1, 3).map((c) => JSON.stringify(c)));
    expect(read.flat().map((json) => JSON.parse(json))).toEqual(range(1, 6));
    expect(await b.readSerialised(randomUUID(), 0)).toBeUndefined();
  });

  it('gives a reader from N only chunks N and after', async () => {
    const a = make();
    const b = peer(a);
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    for (const c of range(0, 5)) writer.write(c);
    const fromThree = collect(await b.readSerialised(id, 3));
    const fromSeven = collect(await b.readSerialised(id, 7)); // beyond what exists yet: waits for chunk 7
    await sleep(30);
    for (const c of range(5, 9)) writer.write(c);
    await writer.end();
    expect(await fromThree).toEqual(range(3, 9));
    expect(await fromSeven).toEqual(range(7, 9));
    expect(await collect(await b.readSerialised(id, 9))).toEqual([]);
    expect(await collect(await b.readSerialised(id, 100))).toEqual([]);
  });

  it('serves two concurrent readers everything', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    const readers = [collect(await a.readSerialised(id, 0)), collect(await peer(a).readSerialised(id, 0))];
    for (let i = 0; i < 20; i++) {
      writer.write(chunk(i));
      if (i % 5 === 0) await sleep(5);
    }
    await writer.end();
    const [first, second] = await Promise.all(readers);
    expect(first).toEqual(range(0, 20));
    expect(second).toEqual(range(0, 20));
  });

  it('replays a finished stream to a reader that comes after end(), then ends', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    for (const c of range(0, 4)) writer.write(c);
    await writer.end();
    expect(await collect(await peer(a).readSerialised(id, 0))).toEqual(range(0, 4));
    expect(await collect(await peer(a).readSerialised(id, 2))).toEqual(range(2, 4));
  });

  it('reads an empty stream (created, no chunk yet) and an empty finished one', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    const reading = collect(await peer(a).readSerialised(id, 0));
    await sleep(30);
    await writer.end();
    expect(await reading).toEqual([]);
    expect(await collect(await peer(a).readSerialised(id, 0))).toEqual([]);
  });

  it('returns undefined for a stream that was never created', async () => {
    const a = make();
    expect(await a.readSerialised(randomUUID(), 0)).toBeUndefined();
  });

  it('forgets a finished stream after retainMs', async () => {
    // Long enough that a busy machine still reads the stream before it goes.
    const a = make({ retainMs: 1_500 });
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    writer.write(chunk(0));
    await writer.end();
    expect(await collect(await peer(a).readSerialised(id, 0))).toEqual([chunk(0)]);
    await vi.waitFor(async () => expect(await peer(a).readSerialised(id, 0)).toBeUndefined(), { timeout: 10_000, interval: 100 });
  });

  it('tracks the active stream: set on create, cleared on end, replaced by a newer one', async () => {
    const a = make();
    const b = peer(a);
    const [older, newer] = [randomUUID(), randomUUID()];
    expect(await b.activeStream('conv-1')).toBeUndefined();
    const olderWriter = await a.create('conv-1', older);
    expect(await b.activeStream('conv-1')).toBe(older);
    const newerWriter = await a.create('conv-1', newer);
    expect(await b.activeStream('conv-1')).toBe(newer);
    // The older stream ending must not clear the newer pointer.
    await olderWriter.end();
    expect(await b.activeStream('conv-1')).toBe(newer);
    // Conversations are independent.
    const otherWriter = await a.create('conv-2', randomUUID());
    await newerWriter.end();
    expect(await b.activeStream('conv-1')).toBeUndefined();
    expect(await b.activeStream('conv-2')).toBeDefined();
    await otherWriter.end();
    expect(await b.activeStream('conv-2')).toBeUndefined();
  });

  it('refuses to create a stream whose id is taken', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    await expect(a.create('conv-2', id)).rejects.toThrow(/already exists/);
    await writer.end();
    expect(await a.activeStream('conv-2')).toBeUndefined();
  });

  it('drops writes after end(), and end() may be called twice', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    writer.write(chunk(0));
    await writer.end();
    expect(() => writer.write(chunk(1))).not.toThrow();
    await writer.end();
    expect(await collect(await a.readSerialised(id, 0))).toEqual([chunk(0)]);
  });

  it('gives each reader its own copy of a chunk, as written', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    const written = chunk(0);
    writer.write(written);
    written.text = 'changed after write';
    await writer.end();
    const [first] = await collect(await a.readSerialised(id, 0));
    expect(first).toEqual(chunk(0));
    first!.text = 'changed by a reader';
    expect(await collect(await a.readSerialised(id, 0))).toEqual([chunk(0)]);
    expect(() => writer.write(undefined as unknown as Chunk)).toThrow(TypeError);
  });

  it('ends a waiting reader promptly when its signal aborts', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    writer.write(chunk(0));
    const abort = new AbortController();
    const got: Chunk[] = [];
    const reading = (async () => {
      for await (const c of chunksOf(await peer(a).readSerialised(id, 0, abort.signal))) got.push(c);
    })();
    await until(() => got.length === 1);
    await sleep(30); // now waiting for a chunk that will not come
    abort.abort();
    await reading; // ends without throwing
    expect(got).toEqual([chunk(0)]);
    // An already-aborted signal reads nothing; the stream itself is unaffected.
    expect(await collect(await a.readSerialised(id, 0, AbortSignal.abort()))).toEqual([]);
    writer.write(chunk(1));
    await writer.end();
    expect(await collect(await a.readSerialised(id, 0))).toEqual(range(0, 2));
  });

  it('ends a waiting reader promptly when its consumer calls return()', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    const iterator = (await peer(a).readSerialised(id, 0))![Symbol.asyncIterator]();
    const pending = iterator.next(); // waits: nothing written
    await sleep(30);
    await iterator.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    await writer.end();
  });

  it('refuses a reader beyond maxReadersPerStream, and frees its place when a reader aborts, returns or ends', async () => {
    const a = make({ maxReadersPerStream: 2 });
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    const abort = new AbortController();
    await a.readSerialised(id, 0, abort.signal); // never iterated: its abort must free its place all the same
    const returned = (await a.readSerialised(id, 0))!;
    await expect(a.readSerialised(id, 0)).rejects.toThrow(TooManyReadersError);
    await expect(a.readSerialised(id, 0)).rejects.toThrow(TooManyReadersError);
    // The cap is per stream.
    const otherId = randomUUID();
    const other = await a.create('conv-2', otherId);
    const otherReading = collect(await a.readSerialised(otherId, 0));

    abort.abort();
    const third = collect(await a.readSerialised(id, 0));
    await expect(a.readSerialised(id, 0)).rejects.toThrow(TooManyReadersError);
    await returned[Symbol.asyncIterator]().return!();
    const fourth = collect(await a.readSerialised(id, 0));
    await expect(a.readSerialised(id, 0)).rejects.toThrow(TooManyReadersError);

    writer.write(chunk(0));
    await writer.end();
    expect(await third).toEqual([chunk(0)]);
    expect(await fourth).toEqual([chunk(0)]);
    // Readers that reached the end have left: two may read again, at once.
    const again = await Promise.all([a.readSerialised(id, 0), a.readSerialised(id, 0)]);
    expect(await Promise.all(again.map((r) => collect(r)))).toEqual([[chunk(0)], [chunk(0)]]);
    await other.end();
    expect(await otherReading).toEqual([]);
  });

  it('delivers Stop requests to every listener until it unsubscribes', async () => {
    const a = make();
    const b = peer(a); // Stop is requested on another instance than the one that generates
    const seenByFirst: string[] = [];
    const seenBySecond: string[] = [];
    const unsubscribeFirst = await a.onStopRequested((key) => seenByFirst.push(key));
    await a.onStopRequested((key) => seenBySecond.push(key));
    await b.requestStop('conv-1');
    await until(() => seenByFirst.length === 1 && seenBySecond.length === 1);
    unsubscribeFirst();
    await b.requestStop('conv-2');
    await until(() => seenBySecond.length === 2);
    await sleep(30);
    expect(seenByFirst).toEqual(['conv-1']);
    expect(seenBySecond).toEqual(['conv-1', 'conv-2']);
  });

  it('keeps 1,000 chunks written at once complete and in order', async () => {
    const a = make();
    const b = peer(a);
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    const live = collect(await b.readSerialised(id, 0));
    const all = range(0, 1_000);
    for (const c of all) writer.write(c);
    await writer.end();
    expect(await live).toEqual(all);
    expect(await collect(await b.readSerialised(id, 0))).toEqual(all);
    expect(await collect(await b.readSerialised(id, 990))).toEqual(all.slice(990));
  });

  it('still answers other calls while readers wait', async () => {
    const a = make();
    const id = randomUUID();
    const writer = await a.create('conv-1', id);
    const abort = new AbortController();
    const readers = await Promise.all([a.readSerialised(id, 0, abort.signal), a.readSerialised(id, 0, abort.signal)]);
    const reading = Promise.all(readers.map((r) => collect(r)));
    await sleep(50);
    expect(await a.activeStream('conv-1')).toBe(id);
    const other = await a.create('conv-2', randomUUID());
    await other.end();
    abort.abort();
    await reading;
    await writer.end();
  });

  it('ends its readers when closed', async () => {
    const a = make();
    const id = randomUUID();
    await a.create('conv-1', id);
    const reading = collect(await a.readSerialised(id, 0));
    await sleep(30);
    await a.close();
    expect(await reading).toEqual([]);
    await expect(a.readSerialised(id, 0)).rejects.toThrow(/closed/);
  });

  it('refuses a start index that is not a whole number >= 0', async () => {
    const a = make();
    await expect(a.readSerialised(randomUUID(), -1)).rejects.toThrow(RangeError);
    await expect(a.readSerialised(randomUUID(), 1.5)).rejects.toThrow(RangeError);
  });
}

describe('memory stream registry', () => {
  behaviouralSuite({
    make: (options) => createMemoryStreamRegistry<Chunk>(options),
    peer: (of) => of,
  });
});

describe('redis stream registry', () => {
  let admin: TestRedis;

  beforeAll(async () => {
    admin = await connectTestRedis('Redis stream-registry');
  });

  afterAll(() => cleanUpTestRedis(admin, RUN_PREFIX));

  let run = 0;
  const uniquePrefix = () => `${RUN_PREFIX}${++run}:`;
  const prefixes = new WeakMap<Registry, string>();
  const makeRedis = (prefix: string, options: Options = {}) => {
    const registry = createRedisStreamRegistry<Chunk>({ url: REDIS_URL, prefix, ...options });
    prefixes.set(registry, prefix);
    return registry;
  };

  describe('behaviour (two instances sharing one Redis)', () => {
    behaviouralSuite({
      make: (options) => makeRedis(uniquePrefix(), options),
      peer: (of) => makeRedis(prefixes.get(of)!),
    });
  });

  it('keeps a running stream for the running TTL, and a finished one for retainMs', async () => {
    const prefix = uniquePrefix();
    const registry = createRedisStreamRegistry<Chunk>({ url: REDIS_URL, prefix, retainMs: 3_000 });
    try {
      const id = randomUUID();
      const writer = await registry.create('conv-1', id);
      writer.write(chunk(0));
      const running = await admin.pTTL(`${prefix}${id}`);
      expect(running).toBeGreaterThan(25_000);
      expect(running).toBeLessThanOrEqual(30_000);
      expect(await admin.pTTL(`${prefix}active:conv-1`)).toBeGreaterThan(25_000);
      await writer.end();
      const finished = await admin.pTTL(`${prefix}${id}`);
      expect(finished).toBeGreaterThan(2_000);
      expect(finished).toBeLessThanOrEqual(3_000);
      expect(await admin.exists(`${prefix}active:conv-1`)).toBe(0);
      // One entry per chunk between a start and an end marker.
      const entries = (await admin.xRange(`${prefix}${id}`, '-', '+')) ?? [];
      expect(entries.map((e) => Object.keys(e.message)[0])).toEqual(['s', 'c', 'e']);
      expect(JSON.parse(String(entries[1]!.message.c))).toEqual(chunk(0));
    } finally {
      await registry.close();
    }
  });

  it('keeps a stream alive while its writer lives, however long it writes nothing', async () => {
    const prefix = uniquePrefix();
    const registry = createRedisStreamRegistry<Chunk>({ url: REDIS_URL, prefix, runningTtlMs: 200, idleCheckMs: 100 });
    try {
      const id = randomUUID();
      const writer = await registry.create('conv-1', id);
      writer.write(chunk(0));
      await sleep(700); // a long tool call: more than three TTLs without a chunk
      expect(await registry.activeStream('conv-1')).toBe(id);
      writer.write(chunk(1));
      await writer.end();
      expect(await collect(await registry.readSerialised(id, 0))).toEqual([chunk(0), chunk(1)]);
    } finally {
      await registry.close();
    }
  });

  it('ends a waiting reader whose stream expired (its writer died)', async () => {
    const prefix = uniquePrefix();
    const options = { url: REDIS_URL, prefix, runningTtlMs: 200, idleCheckMs: 100 };
    const dying = createRedisStreamRegistry<Chunk>(options);
    const registry = createRedisStreamRegistry<Chunk>(options);
    try {
      const id = randomUUID();
      const writer = await dying.create('conv-1', id);
      writer.write(chunk(0));
      await sleep(50);
      // The writer's process "crashes": no more writes, no end(), no heartbeat.
      await dying.close();
      expect(await collect(await registry.readSerialised(id, 0))).toEqual([chunk(0)]);
      expect(await registry.activeStream('conv-1')).toBeUndefined();
    } finally {
      await registry.close();
    }
  });

  it('serves 50 readers of five streams over two connections, each chunk in order, and lets go of those that abort', async () => {
    const prefix = uniquePrefix();
    const proxy = await redisProxy();
    // An idle check far beyond the test's length: chunks can only reach readers by the announcements.
    const registry = createRedisStreamRegistry<Chunk>({ url: proxy.url, prefix, maxReadersPerStream: 10, idleCheckMs: 60_000 });
    const subscribers = async (ids: readonly string[]) => {
      const counts = await admin.pubSubNumSub(ids.map((id) => `${prefix}written:${id}`));
      return ids.map((id) => Number(counts[`${prefix}written:${id}`]));
    };
    try {
      const ids = Array.from({ length: 5 }, () => randomUUID());
      const writers = await Promise.all(ids.map((id, k) => registry.create(`conv-${k}`, id)));
      expect(proxy.connections()).toBe(1); // the shared command connection

      // Every reader of the first stream quits, and every other reader of the others.
      const quit = new AbortController();
      const readers: Array<{ quits: boolean; got: Chunk[]; done: Promise<void> }> = [];
      for (const [s, id] of ids.entries()) {
        for (let k = 0; k < 10; k++) {
          const quits = s === 0 || k % 2 === 1;
          const iterable = chunksOf(await registry.readSerialised(id, 0, quits ? quit.signal : undefined));
          const got: Chunk[] = [];
          const done = (async () => {
            for await (const c of iterable) got.push(c);
          })();
          readers.push({ quits, got, done });
        }
      }
      await expect(registry.readSerialised(ids[1]!, 0)).rejects.toThrow(TooManyReadersError);
      const writeAll = async (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          for (const writer of writers) writer.write(chunk(i));
          await until(() => readers.every((r) => r.got.length === i + 1));
        }
      };
      await writeAll(0, 10);
      expect(await subscribers(ids)).toEqual([1, 1, 1, 1, 1]);
      expect(proxy.connections()).toBe(2); // and one subscriber, for every reader

      quit.abort();
      await Promise.all(readers.filter((r) => r.quits).map((r) => r.done));
      // The first stream has no reader left: its channel is let go; the others keep theirs.
      await until(async () => (await subscribers(ids)).join() === '0,1,1,1,1');
      // Their places are free again.
      const late = await Promise.all([registry.readSerialised(ids[0]!, 0), registry.readSerialised(ids[1]!, 0)]);
      await Promise.all(late.map((r) => r![Symbol.asyncIterator]().return!()));

      const staying = readers.filter((r) => !r.quits);
      for (let i = 10; i < 20; i++) {
        for (const writer of writers.slice(1)) writer.write(chunk(i));
        await until(() => staying.every((r) => r.got.length === i + 1));
      }
      await Promise.all(writers.map((w) => w.end()));
      await Promise.all(staying.map((r) => r.done));
      for (const r of readers) expect(r.got).toEqual(range(0, r.quits ? 10 : 20));
      await until(async () => (await subscribers(ids)).every((n) => n === 0));
      expect(proxy.peak()).toBe(2);
      // A reader of a finished stream needs no subscription.
      expect(await collect(await registry.readSerialised(ids[1]!, 0))).toEqual(range(0, 20));
      expect(await subscribers(ids.slice(1, 2))).toEqual([0]);
    } finally {
      await registry.close();
      await proxy.cut();
    }
  });

  it('keeps a prefix of the stream when writes fail: readers end, end() rejects naming REDIS_URL', async () => {
    const prefix = uniquePrefix();
    const proxy = await redisProxy();
    const writing = createRedisStreamRegistry<Chunk>({ url: proxy.url, prefix });
    const reading = makeRedis(prefix);
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const id = randomUUID();
      const writer = await writing.create('conv-1', id);
      const live = collect(await reading.readSerialised(id, 0));
      for (const c of range(0, 3)) writer.write(c);
      await until(async () => (await admin.xLen(`${prefix}${id}`)) === 4);
      await proxy.cut();
      writer.write(chunk(3)); // fails: Redis is out of reach
      await proxy.restore();
      writer.write(chunk(4)); // dropped: the stream already lost chunk 3
      await expect(writer.end()).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:\d+/);
      expect(await live).toEqual(range(0, 3));
      expect(await reading.activeStream('conv-1')).toBeUndefined();
      expect(errors).toHaveLength(1); // logged once
    } finally {
      console.error = originalError;
      await Promise.all([writing.close(), reading.close()]);
      await proxy.cut();
    }
  });

  it('makes a waiting reader throw, naming REDIS_URL, when its Redis goes away', async () => {
    const prefix = uniquePrefix();
    const proxy = await redisProxy();
    const writing = makeRedis(prefix);
    const reading = createRedisStreamRegistry<Chunk>({ url: proxy.url, prefix });
    const originalError = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const id = randomUUID();
      const writer = await writing.create('conv-1', id);
      writer.write(chunk(0));
      const got: Chunk[] = [];
      const outcome = (async () => {
        for await (const c of chunksOf(await reading.readSerialised(id, 0))) got.push(c);
      })().then(
        () => 'ended',
        (e: unknown) => e,
      );
      const channel = `${prefix}written:${id}`;
      await until(async () => got.length === 1 && (await admin.pubSubNumSub(channel))[channel] === 1);
      await proxy.cut();
      const error = await outcome;
      expect(error).toBeInstanceOf(StreamRegistryUnavailableError);
      expect((error as Error).message).toMatch(/REDIS_URL/);
      await until(() => logged.length === 1); // the subscriber too, once
      expect(String((logged[0] as unknown[])[0])).toMatch(/lost the Redis subscriber connection.*REDIS_URL/);
      await writer.end();
    } finally {
      console.error = originalError;
      await Promise.all([writing.close(), reading.close()]);
      await proxy.cut();
    }
  });

  it('resubscribes to Stop requests after the connection drops', async () => {
    const prefix = uniquePrefix();
    const proxy = await redisProxy();
    const generating = createRedisStreamRegistry<Chunk>({ url: proxy.url, prefix });
    const stopping = makeRedis(prefix);
    const originalError = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const seen: string[] = [];
      await generating.onStopRequested((key) => seen.push(key));
      await proxy.cut();
      await until(() => logged.length === 1); // "lost the subscription", once
      await proxy.restore();
      await until(async () => {
        await stopping.requestStop('conv-1');
        await sleep(50);
        return seen.length > 0;
      }, 5_000);
      expect(seen[0]).toBe('conv-1');
      expect(String((logged[0] as unknown[])[0])).toMatch(/REDIS_URL/);
    } finally {
      console.error = originalError;
      await Promise.all([generating.close(), stopping.close()]);
      await proxy.cut();
    }
  });

  it('rejects quickly, naming REDIS_URL but not its password, when Redis is unreachable', async () => {
    const registry = createRedisStreamRegistry<Chunk>({ url: 'redis://rill:s3cret@127.0.0.1:1', prefix: uniquePrefix() });
    try {
      const calls: Array<() => Promise<unknown>> = [
        () => registry.create('conv-1', randomUUID()),
        () => registry.readSerialised(randomUUID(), 0),
        () => registry.activeStream('conv-1'),
        () => registry.requestStop('conv-1'),
        () => registry.onStopRequested(() => undefined),
      ];
      for (const call of calls) {
        const error = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(StreamRegistryUnavailableError);
        expect((error as Error).message).toMatch(/REDIS_URL=redis:\/\/127\.0\.0\.1:1/);
        expect((error as Error).message).not.toMatch(/s3cret/);
      }
    } finally {
      await registry.close();
    }
  });

  it('does not hang on a server that accepts connections but never answers', async () => {
    const silent = await silentRedis();
    const registry = createRedisStreamRegistry<Chunk>({ url: silent.url, timeoutMs: 200 });
    try {
      await expect(registry.create('conv-1', randomUUID())).rejects.toThrow(/REDIS_URL/);
      await expect(registry.readSerialised(randomUUID(), 0)).rejects.toThrow(/REDIS_URL/);
    } finally {
      await registry.close();
      await silent.close();
    }
  });

  it('refuses a URL that is not redis:// or rediss://, naming REDIS_URL', () => {
    expect(() => createRedisStreamRegistry({ url: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/);
    expect(() => createRedisStreamRegistry({ url: 'not a url' })).toThrow(/REDIS_URL/);
  });
});
