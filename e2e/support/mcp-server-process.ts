import { spawn } from 'node:child_process';
import { expect } from '@playwright/test';
import type { IssuedOAuth } from './mcp-oauth.ts';

// The test MCP server with OAuth, in a process of its own: the SDK's server auth is built on
// express, which Playwright's module loader cannot load in a test worker.

export type McpServerProcess = {
  url: string;
  /** The clients the authorization server registered and the tokens it issued. */
  issued(): Promise<IssuedOAuth>;
  stop(): Promise<void>;
};

export async function startOAuthMcpServerProcess(port: number): Promise<McpServerProcess> {
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['e2e/support/mcp-server.ts', '--port', String(port), '--oauth'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  // Not past the test worker: a worker that dies (a timeout) must not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  await expect
    .poll(async () => {
      if (child.exitCode !== null) throw new Error(`The MCP server on port ${port} exited with ${child.exitCode}:\n${output}`);
      return fetch(`${origin}/health`).then((response) => response.ok, () => false);
    })
    .toBe(true);
  return {
    url: `${origin}/mcp`,
    issued: async () => (await (await fetch(`${origin}/test/issued`)).json()) as IssuedOAuth,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
