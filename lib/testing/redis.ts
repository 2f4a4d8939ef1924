import net from 'node:net';
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

/** A TCP proxy in front of the test Redis that a test can cut and restore, and that counts connections. */
export async function redisProxy() {
  const { hostname, port: redisPort } = new URL(TEST_REDIS_URL);
  const links = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  let peak = 0;
  const proxy = net.createServer((inbound) => {
    clients.add(inbound);
    peak = Math.max(peak, clients.size);
    inbound.on('close', () => clients.delete(inbound));
    const outbound = net.connect(Number(redisPort || 6379), hostname);
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      links.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
      from.pipe(to);
    }
  });
  const listen = (port: number) => new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const { port } = proxy.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    connections: () => clients.size,
    /** The most connections open at once so far. */
    peak: () => peak,
    async cut() {
      for (const s of links) s.destroy();
      links.clear();
      if (proxy.listening) await new Promise((resolve) => proxy.close(resolve));
    },
    restore: () => listen(port),
  };
}

/** A server that accepts connections and never answers: what a hung Redis looks like. */
export async function silentRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    },
  };
}
