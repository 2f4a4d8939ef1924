import { createClient, ErrorReply, type RedisScripts } from 'redis';
import { withDeadline } from './url';

type Connection = {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
};

/** Closes a connection politely within `timeoutMs`, or drops it. */
export async function shutdownConnection(connection: Connection, timeoutMs: number): Promise<void> {
  if (!connection.isReady) return connection.destroy();
  await withDeadline(connection.close(), timeoutMs, () => new Error('close timed out')).catch(() => connection.destroy());
}

/**
 * One Redis connection shared by every command, opened on first use and again after any
 * failure that may have left it out of step. Commands get a deadline; failures come out as
 * the caller's own error type (`unavailable`), which names REDIS_URL but never its password.
 */
export function sharedConnection<C extends Connection>(
  make: () => C,
  options: { timeoutMs: number; closedError: () => Error; unavailable: (what: string, cause?: unknown) => Error },
) {
  const { timeoutMs, closedError, unavailable } = options;
  let client: C | undefined;
  let connecting: Promise<C> | undefined;
  let closed = false;

  const discard = (c: C) => {
    if (client === c) client = undefined;
    c.destroy();
  };

  const get = (): Promise<C> => {
    if (closed) return Promise.reject(closedError());
    if (client?.isReady) return Promise.resolve(client);
    if (connecting) return connecting;
    if (client) discard(client); // closed after an error: reconnect from scratch
    const fresh = make();
    // Failures reach callers through rejected commands; an 'error' event without a listener would crash the process.
    fresh.on('error', () => undefined);
    connecting = withDeadline(fresh.connect(), timeoutMs, () => new Error(`no connection within ${timeoutMs} ms`))
      .then(
        () => {
          if (closed) {
            fresh.destroy();
            throw closedError();
          }
          client = fresh;
          return fresh;
        },
        (error: unknown) => {
          fresh.destroy();
          throw unavailable('cannot connect to Redis', error);
        },
      )
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  };

  return {
    /** Runs one command (or transaction) with a deadline. */
    async run<T>(what: string, command: (c: C) => Promise<T>): Promise<T> {
      const c = await get();
      try {
        // The client's own command timeout should fire first.
        return await withDeadline(command(c), timeoutMs + 100, () => new Error(`no answer within ${timeoutMs} ms`));
      } catch (error) {
        // A server error reply leaves the connection usable; anything else (timeout, dropped
        // socket) may leave it out of step, so the next command starts a fresh one.
        if (!(error instanceof ErrorReply)) discard(c);
        throw unavailable(`Redis did not complete ${what}`, error);
      }
    },
    async close(): Promise<void> {
      closed = true;
      const pending = connecting;
      if (pending) await pending.catch(() => undefined);
      const c = client;
      client = undefined;
      if (c) await shutdownConnection(c, timeoutMs);
    },
  };
}

/**
 * A connection for commands and scripts that never waits on a server that is gone: no
 * reconnecting by itself (sharedConnection opens a fresh one), and no queueing while
 * disconnected, so a command fails at once instead of waiting for a server that may not return.
 */
export function commandClient<S extends RedisScripts>(url: string, timeoutMs: number, scripts: S) {
  return createClient({
    url,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    scripts,
  });
}
