import 'server-only';
import { env } from '../env';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import { createMemoryStreamRegistry } from './memory';
import { createRedisStreamRegistry } from './redis';
import type { StreamRegistry } from './types';

const REGISTRY = Symbol.for('rill.live-answers.registry');
type GlobalWithRegistry = typeof globalThis & { [REGISTRY]?: Promise<StreamRegistry<RillChunk>> };

/**
 * This instance's registry of running answers' chunks: in memory by default, in Redis with
 * REDIS_URL so that a reload may land on any instance. `onStop` hears Stop requests from every
 * instance. Kept on globalThis: Next bundles route handlers and pages apart, and all of them
 * must share the one registry.
 */
export function getRegistry(onStop: (conversationKey: string) => void): Promise<StreamRegistry<RillChunk>> {
  const store = globalThis as GlobalWithRegistry;
  if (!store[REGISTRY]) {
    const pending = (async () => {
      const maxReadersPerStream = env.RILL_MAX_READERS_PER_STREAM;
      const registry = env.REDIS_URL
        ? createRedisStreamRegistry<RillChunk>({ url: env.REDIS_URL, maxReadersPerStream })
        : createMemoryStreamRegistry<RillChunk>({ maxReadersPerStream });
      await registry.onStopRequested(onStop);
      return registry;
    })();
    store[REGISTRY] = pending;
    // A Redis that was down must not stick: the next request tries again.
    pending.catch(() => {
      if (store[REGISTRY] === pending) delete store[REGISTRY];
    });
  }
  return store[REGISTRY];
}
