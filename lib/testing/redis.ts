import { createClient } from 'redis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

const makeClient = () => createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
export type TestRedis = ReturnType<typeof makeClient>;

/** A plain connection to the test Redis, failing (never skipping) with how to start one. */
export async function connectTestRedis(suite: string): Promise<TestRedis> {
  const admin = makeClient();
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    await admin.ping();
    return admin;
  } catch (error) {
    admin.destroy();
    throw new Error(
      `The ${suite} tests need a Redis server at ${TEST_REDIS_URL} (set TEST_REDIS_URL to use another). ` +
        'Start one with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no ' +
        `(${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** Deletes every key under the run's prefix, then closes the connection. */
export async function cleanUpTestRedis(admin: TestRedis | undefined, prefix: string): Promise<void> {
  if (!admin?.isOpen) return;
  const keys: string[] = [];
  for await (const batch of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 })) keys.push(...batch);
  if (keys.length > 0) await admin.del(keys);
  await admin.close();
}
