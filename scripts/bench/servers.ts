// The processes under benchmark: the fake Anthropic server (its own process, so that its
// pacing never competes with the client's event loop) and `next start` on the production build.
// Plain Node (type stripping).

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { findServerPid } from '../support/processes.ts';
import { NEXT_FLOOR_DIR } from './build.ts';

export type Service = {
  origin: string;
  /** The process that holds the listening socket (for `next start`, not the launcher). */
  pid: number;
  stop(): Promise<void>;
};

/** Settings that measure Rill rather than its protective limits: the bench sends far more than one person would. */
export const BENCH_SERVER_ENV = {
  RILL_RATE_LIMIT_PER_USER: '1000000',
  RILL_RATE_LIMIT_PER_IP: '1000000',
  RILL_MAX_CONCURRENT_STREAMS: '1000',
  RILL_QUEUE_TIMEOUT_MS: '60000',
  RILL_MAX_GENERATIONS_PER_IDENTITY: '1000',
  RILL_MAX_GENERATIONS_PER_IP: '1000',
} as const;

const children = new Set<ChildProcess>();

/** Kills whatever is still running when the bench exits, however it exits. */
process.on('exit', () => {
  for (const child of children) signalGroup(child, 'SIGKILL');
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal); // spawned detached: the group is its own
  } catch {
    // Already gone.
  }
}

async function waitUntilHealthy(url: string, child: ChildProcess, log: string[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}\n${log.slice(-30).join('')}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} was not healthy after ${timeoutMs / 1000} s\n${log.slice(-30).join('')}`);
}

/** Starts `node <args>` in its own process group and waits until `healthPath` answers 2xx. */
export async function startService(name: string, args: string[], options: { root: string; env: NodeJS.ProcessEnv; port: number; healthPath: string }): Promise<Service> {
  const child = spawn(process.execPath, args, { cwd: options.root, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString('utf8'));
    if (log.length > 100) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const origin = `http://127.0.0.1:${options.port}`;
  await waitUntilHealthy(`${origin}${options.healthPath}`, child, log, 60_000);
  const pid = findServerPid(child.pid ?? 0, options.port);
  if (pid === undefined) throw new Error(`${name}: no process of pid ${child.pid}'s tree listens on port ${options.port}`);
  return {
    origin,
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        signalGroup(child, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      signalGroup(child, 'SIGKILL'); // children that outlived it
      children.delete(child);
    },
  };
}

export function startFake(root: string, port: number): Promise<Service> {
  return startService('fake Anthropic', ['e2e/fake-anthropic/main.ts', '--port', String(port)], {
    root,
    env: process.env,
    port,
    healthPath: '/_health',
  });
}

/** The bare Node proxy (scripts/bench/bare-proxy.ts) in front of the fake: the floor Rill is compared with. */
export function startBareProxy(root: string, port: number, fakeOrigin: string): Promise<Service> {
  return startService('bare proxy', ['scripts/bench/bare-proxy.ts', '--port', String(port), '--upstream', fakeOrigin], {
    root,
    env: process.env,
    port,
    healthPath: '/health',
  });
}

/** The Next.js floor (a route handler that only proxies, scripts/bench/next-floor) under `next start`, in front of the fake. */
export function startNextFloor(root: string, port: number, fakeOrigin: string): Promise<Service> {
  const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  return startService('Next.js floor', [nextBin, 'start', NEXT_FLOOR_DIR, '--port', String(port), '--hostname', '127.0.0.1'], {
    root,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', BENCH_UPSTREAM: fakeOrigin },
    port,
    healthPath: '/v1/messages',
  });
}

/** `next start` with a fresh embedded database (or the Postgres of DATABASE_URL when set), talking to the fake. */
export async function startRill(
  root: string,
  port: number,
  fakeOrigin: string,
  options: { profileDir?: string; env?: Record<string, string>; /** Flags for the node that runs `next start` (V8's among them, which NODE_OPTIONS refuses). */ nodeArgs?: string[] } = {},
): Promise<Service & { dataDir: string }> {
  const { profileDir } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'rill-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ANTHROPIC_API_KEY: 'bench-key',
    ANTHROPIC_BASE_URL: fakeOrigin,
    RILL_DATA_DIR: dataDir,
    ...BENCH_SERVER_ENV,
    ...options.env,
  };
  delete env.PORT;
  // With DATABASE_URL Rill needs a shared secret; a fresh one per run is fine.
  if (env.DATABASE_URL && !env.AUTH_SECRET) env.AUTH_SECRET = randomBytes(32).toString('base64');
  if (profileDir) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${resolve(profileDir)}`.trim();
  const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const service = await startService('next start', [...(options.nodeArgs ?? []), nextBin, 'start', '--experimental-next-config-strip-types', '--port', String(port), '--hostname', '127.0.0.1'], {
    root,
    env,
    port,
    healthPath: '/api/health',
  });
  return {
    ...service,
    dataDir,
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The services a script started, stopped together: when it ends, or on Ctrl-C or SIGTERM
 * (the process's exit handler above only kills what is still left).
 */
export function serviceGroup(): { add<S extends Service>(service: S): S; stopAll(): Promise<void> } {
  const services: Service[] = [];
  const stopAll = async () => {
    await Promise.all(services.splice(0).map((service) => service.stop().catch(() => undefined)));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void stopAll().finally(() => process.exit(130)));
  }
  return {
    add(service) {
      services.push(service);
      return service;
    },
    stopAll,
  };
}
