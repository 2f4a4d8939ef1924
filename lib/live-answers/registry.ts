import 'server-only';
import { processWide } from '../async/process-wide';
import { env } from '../env';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import { createMemoryStreamRegistry } from './memory';
import { createRedisStreamRegistry } from './redis';
import type { StreamRegistry } from './types';

/**
 * This instance's registry of running answers' chunks: in memory by default, in Redis with
 * REDIS_URL so that a reload may land on any instance. `onStop` hears Stop requests from every
 * instance. One per process (see processWide).
 */
export function getRegistry(onStop: (conversationKey: string) => void): Promise<StreamRegistry<RillChunk>> {
  // A Redis that was down does not stick: the next request tries again.
  return processWide('rill.live-answers.registry', async () => {
    const maxReadersPerStream = env.RILL_MAX_READERS_PER_STREAM;
    const registry = env.REDIS_URL
      ? createRedisStreamRegistry<RillChunk>({ url: env.REDIS_URL, maxReadersPerStream })
      : createMemoryStreamRegistry<RillChunk>({ maxReadersPerStream });
    await registry.onStopRequested(onStop);
    return registry;
  });
}
