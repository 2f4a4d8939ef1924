// `npm run load`: a load test against the production build. Starts the fake Anthropic server and
// `next start`, then
//   (a) runs many conversations at once: every answer must arrive, and be stored, exactly once;
//   (b) runs many short conversations one after another while sampling the server's resident
//       memory: after a warm-up it must stay flat.
// Prints a table and exits non-zero on any failure. Plain Node 24 (type stripping).
//
// Knobs (environment): LOAD_CONCURRENT (200), LOAD_CONCURRENT_WORDS (150), LOAD_CONCURRENT_PACE_MS (10),
// LOAD_SEQUENTIAL (2000), LOAD_SEQUENTIAL_WORDS (20), LOAD_SAMPLE_EVERY (100), LOAD_WARMUP (500),
// LOAD_MAX_RSS_GROWTH (0.25), LOAD_TIMEOUT_MS (600000). DATABASE_URL, when set, is used instead of a
// fresh embedded database.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { startFakeAnthropic, type FakeAnthropic } from '../../e2e/fake-anthropic/server.ts';
import {
  describeFailures,
  fetchOwnerCookie,
  report,
  runConcurrentConversations,
  runConversation,
  verifyUpstreamRequests,
  type ConversationResult,
  type RunReport,
} from './load-test.ts';
import { commandLine, findServerPid, freePort, processTree, rssKiB } from '../support/processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    console.error(`load: ${name}=${raw} is not a non-negative number`);
    process.exit(2);
  }
  return value;
}

const CONFIG = {
  concurrent: numberFromEnv('LOAD_CONCURRENT', 200),
  concurrentWords: numberFromEnv('LOAD_CONCURRENT_WORDS', 150),
  concurrentPaceMs: numberFromEnv('LOAD_CONCURRENT_PACE_MS', 10),
  sequential: numberFromEnv('LOAD_SEQUENTIAL', 2000),
  sequentialWords: numberFromEnv('LOAD_SEQUENTIAL_WORDS', 20),
  sampleEvery: Math.max(1, numberFromEnv('LOAD_SAMPLE_EVERY', 100)),
  warmup: numberFromEnv('LOAD_WARMUP', 500),
  maxRssGrowth: numberFromEnv('LOAD_MAX_RSS_GROWTH', 0.25),
  timeoutMs: numberFromEnv('LOAD_TIMEOUT_MS', 10 * 60 * 1000),
};

// ---- processes and cleanup ------------------------------------------------------------------

let server: ChildProcess | undefined;
let fake: FakeAnthropic | undefined;
let dataDir: string | undefined;
const abort = new AbortController();
const serverLog: string[] = [];
let serverErrorLines = 0;

function serverAlive(): boolean {
  return server !== undefined && server.exitCode === null && server.signalCode === null;
}

/** Signals `next start`'s whole process group (it was spawned detached, so the group is its own). */
function signalServer(signal: NodeJS.Signals): void {
  if (!server?.pid) return;
  try {
    process.kill(-server.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Last resort, synchronous: on process exit nothing asynchronous runs any more. */
process.on('exit', () => {
  signalServer('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    abort.abort(new Error('load test ending'));
    if (serverAlive()) {
      const exited = new Promise<void>((resolve) => server?.once('exit', () => resolve()));
      signalServer('SIGTERM');
      const timer = setTimeout(() => signalServer('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Children of `next start` that outlived it are still in its process group.
    signalServer('SIGKILL');
    await fake?.close().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  })();
  return cleaning;
}

async function fail(message: string, code = 1): Promise<never> {
  console.error(`\nload: ${message}`);
  await cleanup();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\nload: ${signal}, stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

const deadline = setTimeout(() => {
  void fail(`aborted: the run took longer than ${Math.round(CONFIG.timeoutMs / 1000)} s (LOAD_TIMEOUT_MS)`);
}, CONFIG.timeoutMs);
deadline.unref();

// ---- helpers -------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function keepLog(chunk: Buffer): void {
  for (const line of chunk.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    if (/error|warn|unhandled/i.test(line)) serverErrorLines++;
    serverLog.push(line);
    if (serverLog.length > 200) serverLog.shift();
  }
}

async function waitForHealth(baseURL: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!serverAlive()) await fail(`next start exited (code ${server?.exitCode}) before it was ready:\n${serverLog.slice(-30).join('\n')}`);
    try {
      const response = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  await fail(`next start was not healthy after ${timeoutMs / 1000} s:\n${serverLog.slice(-30).join('\n')}`);
}

// ---- memory --------------------------------------------------------------------------------

type RssSample = { label: string; conversations: number; serverKiB: number; treeKiB: number };

function sample(label: string, conversations: number, serverPid: number, root: number): RssSample {
  const treeKiB = processTree(root).reduce((sum, pid) => sum + rssKiB(pid), 0);
  return { label, conversations, serverKiB: rssKiB(serverPid), treeKiB };
}

// ---- output --------------------------------------------------------------------------------

const mb = (kib: number) => (kib / 1024).toFixed(1);
const ms = (value: number) => `${Math.round(value)} ms`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function phaseRow(name: string, run: RunReport): string[] {
  return [
    name,
    String(run.count),
    String(run.okCount),
    String(run.failures.length),
    ms(run.streamMs.p50),
    ms(run.streamMs.p95),
    ms(run.streamMs.max),
    ms(run.firstDeltaMs.p50),
    ms(run.firstDeltaMs.p95),
    `${(run.wallMs / 1000).toFixed(1)} s`,
  ];
}

// ---- main ----------------------------------------------------------------------------------

const nextBin = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
if (!existsSync(join(ROOT, '.next', 'BUILD_ID'))) {
  await fail('no production build (.next/BUILD_ID is missing). Run `npm run build` first.', 2);
}
if (!existsSync(nextBin)) await fail(`${nextBin} is missing. Run \`npm install\` first.`, 2);

async function run(): Promise<void> {
  fake = await startFakeAnthropic({ port: 0, host: '127.0.0.1' });
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'rill-load-'));
  const usingPostgres = Boolean(process.env.DATABASE_URL);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ANTHROPIC_API_KEY: 'load-test-key',
    ANTHROPIC_BASE_URL: fake.url,
    RILL_DATA_DIR: dataDir,
    // A load test sends far more than a person would from one address and one browser.
    RILL_RATE_LIMIT_PER_USER: process.env.RILL_RATE_LIMIT_PER_USER || '1000000',
    RILL_RATE_LIMIT_PER_IP: process.env.RILL_RATE_LIMIT_PER_IP || '1000000',
    RILL_MAX_GENERATIONS_PER_IDENTITY: process.env.RILL_MAX_GENERATIONS_PER_IDENTITY || '100000',
    RILL_MAX_GENERATIONS_PER_IP: process.env.RILL_MAX_GENERATIONS_PER_IP || '100000',
  };
  if (usingPostgres && !env.AUTH_SECRET) env.AUTH_SECRET = randomBytes(32).toString('base64');
  delete env.PORT;

  console.log(`load: fake Anthropic at ${fake.url}; starting next start on ${baseURL} (${usingPostgres ? 'DATABASE_URL' : `embedded PGlite in ${dataDir}`})`);
  server = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', keepLog);
  server.stderr?.on('data', keepLog);
  server.on('exit', (code, signal) => {
    if (!cleaning) void fail(`next start exited unexpectedly (code ${code}, signal ${signal}):\n${serverLog.slice(-30).join('\n')}`);
  });

  await waitForHealth(baseURL, 60_000);
  const rootPid = server.pid ?? 0;
  const serverPid = findServerPid(rootPid, port);
  if (serverPid === undefined) await fail(`could not find the process listening on port ${port} in the tree of pid ${rootPid}`);
  const pid = serverPid ?? 0;
  console.log(
    `load: server process tree: ${processTree(rootPid)
      .map((p) => `${p}${p === pid ? ' (listening)' : ''} ${commandLine(p).slice(0, 80)}`)
      .join(' | ')}`,
  );

  const samples: RssSample[] = [sample('start (idle)', 0, pid, rootPid)];
  const cookie = await fetchOwnerCookie(baseURL, abort.signal);

  // (a) Concurrent conversations.
  console.log(`load: (a) ${CONFIG.concurrent} concurrent conversations, ${CONFIG.concurrentWords} words at ${CONFIG.concurrentPaceMs} ms`);
  const concurrent = await runConcurrentConversations({
    baseURL,
    cookie,
    count: CONFIG.concurrent,
    words: CONFIG.concurrentWords,
    paceMs: CONFIG.concurrentPaceMs,
    fakeAnthropicURL: fake.url,
    signal: abort.signal,
    label: 'load-c',
  });
  samples.push(sample('after concurrent', 0, pid, rootPid));
  console.log(`load: (a) ${concurrent.okCount}/${concurrent.count} ok in ${(concurrent.wallMs / 1000).toFixed(1)} s`);

  // (b) Sequential conversations with memory samples.
  console.log(`load: (b) ${CONFIG.sequential} sequential conversations, ${CONFIG.sequentialWords} words at 0 ms; RSS every ${CONFIG.sampleEvery}`);
  const sequentialStart = performance.now();
  const sequentialResults: ConversationResult[] = [];
  let batch: ConversationResult[] = [];
  for (let n = 1; n <= CONFIG.sequential; n++) {
    const result = await runConversation({ baseURL, cookie, words: CONFIG.sequentialWords, paceMs: 0, signal: abort.signal, label: 'load-s' });
    sequentialResults.push(result);
    batch.push(result);
    if (n % CONFIG.sampleEvery === 0 || n === CONFIG.sequential) {
      await verifyUpstreamRequests(fake.url, batch, { signal: abort.signal });
      batch = [];
      const label = n === CONFIG.warmup ? 'after warm-up' : n === CONFIG.sequential ? 'end' : '';
      samples.push(sample(label, n, pid, rootPid));
      const failed = sequentialResults.filter((r) => !r.ok).length;
      process.stdout.write(`  ${String(n).padStart(5)} conversations, ${failed} failed, server RSS ${mb(samples.at(-1)?.serverKiB ?? 0)} MB\n`);
    }
  }
  const sequential = report(sequentialResults, performance.now() - sequentialStart);

  // ---- verdict -------------------------------------------------------------------------------

  const problems: string[] = [];
  if (concurrent.failures.length > 0) problems.push(`${concurrent.failures.length} of ${concurrent.count} concurrent conversations failed:\n${describeFailures(concurrent.failures)}`);
  if (sequential.failures.length > 0) problems.push(`${sequential.failures.length} of ${sequential.count} sequential conversations failed:\n${describeFailures(sequential.failures)}`);

  const start = samples[0];
  const warm = samples.find((s) => s.conversations === CONFIG.warmup) ?? samples.find((s) => s.conversations >= CONFIG.warmup);
  const end = samples.at(-1);
  const peak = samples.reduce((max, s) => Math.max(max, s.serverKiB), 0);
  let growth = Number.NaN;
  let slopeKiB = Number.NaN;
  if (warm && end && warm !== end) {
    growth = (end.serverKiB - warm.serverKiB) / warm.serverKiB;
    // Least-squares slope of RSS over conversations, from the warm-up on.
    const points = samples.filter((s) => s.conversations >= warm.conversations);
    const meanX = points.reduce((a, s) => a + s.conversations, 0) / points.length;
    const meanY = points.reduce((a, s) => a + s.serverKiB, 0) / points.length;
    const sxy = points.reduce((a, s) => a + (s.conversations - meanX) * (s.serverKiB - meanY), 0);
    const sxx = points.reduce((a, s) => a + (s.conversations - meanX) ** 2, 0);
    slopeKiB = sxx > 0 ? sxy / sxx : 0;
    if (growth > CONFIG.maxRssGrowth) {
      problems.push(
        `server RSS grew ${(growth * 100).toFixed(1)}% between conversation ${warm.conversations} (${mb(warm.serverKiB)} MB) and ${end.conversations} (${mb(end.serverKiB)} MB), more than ${(CONFIG.maxRssGrowth * 100).toFixed(0)}%: a leak`,
      );
    }
  } else if (CONFIG.sequential > 0) {
    problems.push(`not enough sequential conversations (${CONFIG.sequential}) past the warm-up (${CONFIG.warmup}) to judge memory`);
  }

  console.log('\nConversations (durations: POST → end of stream; first delta: POST → first text-delta)\n');
  console.log(
    table(
      ['phase', 'count', 'ok', 'failed', 'p50', 'p95', 'max', 'first p50', 'first p95', 'wall'],
      [
        phaseRow(`concurrent (${CONFIG.concurrentWords} words, ${CONFIG.concurrentPaceMs} ms pace)`, concurrent),
        phaseRow(`sequential (${CONFIG.sequentialWords} words, 0 ms pace)`, sequential),
      ],
    ),
  );
  const upstream = [...concurrent.results, ...sequential.results].reduce((sum, r) => sum + (r.upstreamRequests ?? 0), 0);
  console.log(`\nUpstream streaming requests for these nonces: ${upstream} for ${concurrent.count + sequential.count} conversations`);

  console.log(`\nServer memory (VmRSS of pid ${pid}; tree = ${processTree(rootPid).length} processes under pid ${rootPid})\n`);
  console.log(
    table(
      ['sample', 'conversations', 'server RSS', 'tree RSS'],
      samples.map((s) => [s.label || '', s.conversations ? String(s.conversations) : '-', `${mb(s.serverKiB)} MB`, `${mb(s.treeKiB)} MB`]),
    ),
  );
  console.log('');
  console.log(`RSS start ${mb(start?.serverKiB ?? 0)} MB, after warm-up (${warm?.conversations ?? '-'}) ${mb(warm?.serverKiB ?? 0)} MB, end ${mb(end?.serverKiB ?? 0)} MB, peak ${mb(peak)} MB`);
  console.log(
    `Growth after warm-up: ${Number.isNaN(growth) ? 'n/a' : `${(growth * 100).toFixed(1)}%`} (limit ${(CONFIG.maxRssGrowth * 100).toFixed(0)}%), ` +
      `trend ${Number.isNaN(slopeKiB) ? 'n/a' : `${slopeKiB.toFixed(2)} KiB per conversation`}`,
  );
  console.log(`Server log lines mentioning error/warn: ${serverErrorLines}`);
  if (serverErrorLines > 0) console.log(serverLog.filter((line) => /error|warn|unhandled/i.test(line)).slice(-10).map((l) => `  ${l}`).join('\n'));

  if (problems.length > 0) {
    await fail(`FAILED\n${problems.join('\n')}`);
  }
  console.log('\nload: PASSED');
  await cleanup();
  clearTimeout(deadline);
  process.exit(0);
}

try {
  await run();
} catch (error) {
  // Stopping (a signal, the deadline) aborts the requests in flight; whoever stopped us exits.
  if (cleaning) {
    await cleaning;
    process.exit(process.exitCode ?? 1);
  }
  await fail(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
