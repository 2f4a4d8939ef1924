import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { expect } from '@playwright/test';
import { E2E_TEST_API_KEY, FAKE_ANTHROPIC_URL } from './config';

/**
 * A `next start` of its own, for the tests that stop an instance the way a platform does
 * (SIGTERM) or the way a crash does (SIGKILL), then start it again on the same data.
 */
export class RillProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the server printed, for a failing test's message. */
  get log(): string {
    return this.output;
  }

  async start(): Promise<void> {
    // A server left over from an earlier run would answer in this one's place.
    if (await this.answers()) throw new Error(`Port ${this.port} is taken by another server: stop it first.`);
    const next = path.join(process.cwd(), 'node_modules/next/dist/bin/next');
    // Node itself, not npm or a shell: the signals go to the server and to nothing in between.
    const child = spawn(process.execPath, [next, 'start', '--port', String(this.port), '--hostname', '127.0.0.1'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        ANTHROPIC_API_KEY: E2E_TEST_API_KEY,
        ANTHROPIC_BASE_URL: FAKE_ANTHROPIC_URL,
        RILL_RATE_LIMIT_PER_USER: '100000',
        RILL_RATE_LIMIT_PER_IP: '100000',
        RILL_NEW_IDENTITIES_PER_IP: '100000',
        RILL_NEW_IDENTITIES_TOTAL: '100000',
        RILL_MAX_GENERATIONS_PER_IP: '100000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Not past the test worker: a worker that dies (a timeout) must not leave the server running.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    child.stdout!.on('data', (data: Buffer) => (this.output += data.toString()));
    child.stderr!.on('data', (data: Buffer) => (this.output += data.toString()));
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`Rill on port ${this.port} exited with ${child.exitCode}:\n${this.output}`);
          return this.answers();
        },
        { timeout: 60_000, message: `Rill on port ${this.port} did not become ready` },
      )
      .toBe(true);
  }

  private answers(): Promise<boolean> {
    return fetch(`${this.url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
  }

  /** Sends `signal` and resolves with the exit code (or the signal that ended it). */
  async stop(signal: NodeJS.Signals): Promise<number | NodeJS.Signals> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? child?.signalCode ?? 0;
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    child.kill(signal);
    const [code, killedBy] = await exited;
    return code ?? killedBy ?? 0;
  }
}
