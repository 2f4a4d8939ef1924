import 'server-only';

export type { StreamRegistry, StreamWriter } from './types';
export { createMemoryStreamRegistry } from './memory';
export { createRedisStreamRegistry, StreamRegistryUnavailableError } from './redis';
export { TooManyReadersError } from './readers';
