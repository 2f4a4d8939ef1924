import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';

// Next.js gives a route handler no way to see the connection, and it copies X-Forwarded-For
// from the client when one is sent, so the headers cannot tell the peer apart from what the
// client wrote. Every incoming request is therefore run inside an AsyncLocalStorage context
// holding its socket's address, which the rest of the request's work can read and nothing the
// client sends can change. The storage lives on globalThis: the proxy, the route handlers and
// instrumentation are separate bundles, each with its own copy of this module.
const STORAGE = Symbol.for('rill.client-ip.peer');
const INSTALLED = Symbol.for('rill.client-ip.installed');
type Global = typeof globalThis & { [STORAGE]?: AsyncLocalStorage<string | undefined>; [INSTALLED]?: boolean };

function storage(): AsyncLocalStorage<string | undefined> {
  const store = globalThis as Global;
  store[STORAGE] ??= new AsyncLocalStorage<string | undefined>();
  return store[STORAGE];
}

/** The socket address of the request being handled, or undefined outside one (or before capture began). */
export function currentPeerAddress(): string | undefined {
  return storage().getStore();
}

/** Starts recording each request's socket address; called once, at server start (instrumentation.ts). */
export function capturePeerAddresses(): void {
  const store = globalThis as Global;
  if (store[INSTALLED]) return;
  store[INSTALLED] = true;
  const peers = storage();
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit as (...args: unknown[]) => boolean;
    Server.prototype.emit = function emitWithPeer(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'request') return Reflect.apply(emit, this, [event, ...args]);
      const request = args[0] as http.IncomingMessage;
      return peers.run(request.socket?.remoteAddress, () => Reflect.apply(emit, this, [event, ...args]));
    } as typeof Server.prototype.emit;
  }
}
