// `npx node scripts/measure/rss.ts`: the resident memory of Rill's server, idle and with 50
// streaming chats at once, on the embedded PGlite database (a new data directory, then the same one
// reopened, as after a restart) and on Postgres (a fresh database on the server of
// MEASURE_POSTGRES_URL), with a bare Node proxy for reference. Builds first when the build is
// stale. RSS is VmRSS of the process that listens (`next start` itself, with its worker threads),
// from /proc. Not a test: it reports, it does not judge. Plain Node 24 (type stripping), Linux.
//
// Options: --runs=N (3; every run starts fresh servers), --only=pglite,postgres,proxy,
// --streams=N (50), --words=N (300), --pace=MS (20), --node-flags="…" (passed to the node that
// runs `next start`, e.g. --liftoff-only).
// Environment: MEASURE_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/test), a database the
// script may connect to to create and drop its own.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

import { fetchOwnerCookie, runConcurrentConversations } from '../load/load-test.ts';
import { ensureFreshBuild } from '../bench/build.ts';
import { benchMessage, streamOnce } from '../bench/stream-client.ts';
import { serviceGroup, startFake, startRill, startService, type Service } from '../bench/servers.ts';
import { freePort, rssKiB } from '../support/processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: 'pglite,postgres,proxy' },
    streams: { type: 'string', default: '50' },
    words: { type: 'string', default: '300' },
    pace: { type: 'string', default: '20' },
    'node-flags': { type: 'string', default: '' },
  },
});
const RUNS = Number(values.runs);
const ONLY = new Set(values.only.split(','));
const STREAMS = Number(values.streams);
const WORDS = Number(values.words);
const PACE_MS = Number(values.pace);
const NODE_FLAGS = values['node-flags'].split(' ').filter(Boolean);
const ADMIN_URL = process.env.MEASURE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Idle is when RSS has moved less than this over SETTLE_WINDOW_MS (or after SETTLE_MAX_MS). */
const SETTLE_TOLERANCE_KIB = 3 * 1024;
const SETTLE_WINDOW_MS = 10_000;
const SETTLE_MAX_MS = 90_000;
const PEAK_SAMPLE_MS = 25;

type Figures = { idle: number; startPeak: number; streamsPeak: number; after: number; settleMs: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmHWM: the most the process has ever been resident, start-up included. */
function highWaterKiB(pid: number): number {
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/** Waits until RSS stops moving, and returns it. A server that just started still compiles and collects. */
async function settledRss(pid: number): Promise<{ kib: number; ms: number }> {
  const startedAt = Date.now();
  const samples: { at: number; kib: number }[] = [];
  for (;;) {
    const now = Date.now();
    samples.push({ at: now, kib: rssKiB(pid) });
    while (samples.length > 1 && samples[0]!.at < now - SETTLE_WINDOW_MS) samples.shift();
    const kibs = samples.map((sample) => sample.kib);
    const windowFull = now - startedAt >= SETTLE_WINDOW_MS;
    if ((windowFull && Math.max(...kibs) - Math.min(...kibs) < SETTLE_TOLERANCE_KIB) || now - startedAt > SETTLE_MAX_MS) {
      return { kib: kibs.at(-1)!, ms: now - startedAt };
    }
    await sleep(500);
  }
}

/** Runs `load` while sampling RSS; returns the highest sample. */
async function peakDuring(pid: number, load: () => Promise<void>): Promise<number> {
  let peak = rssKiB(pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssKiB(pid));
  }, PEAK_SAMPLE_MS);
  try {
    await load();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, rssKiB(pid));
}

/** A first page load (which mints the identity) and a health check, then idle; then the streams. */
async function measureRill(rill: Service, fakeOrigin: string): Promise<Figures> {
  const cookie = await fetchOwnerCookie(rill.origin);
  const health = await fetch(`${rill.origin}/api/health`);
  if (!health.ok) throw new Error(`/api/health: HTTP ${health.status}`);
  const settled = await settledRss(rill.pid);
  const startPeak = highWaterKiB(rill.pid);
  const streamsPeak = await peakDuring(rill.pid, async () => {
    const run = await runConcurrentConversations({ count: STREAMS, baseURL: rill.origin, cookie, words: WORDS, paceMs: PACE_MS, fakeAnthropicURL: fakeOrigin, label: 'rss' });
    if (run.okCount !== run.count) throw new Error(`${run.count - run.okCount} of ${run.count} conversations failed: ${run.failures[0]?.error}`);
  });
  await sleep(5_000);
  return { idle: settled.kib, startPeak, streamsPeak, after: rssKiB(rill.pid), settleMs: settled.ms };
}

async function measureProxy(proxy: Service): Promise<Figures> {
  await (await fetch(`${proxy.origin}/health`)).text();
  const settled = await settledRss(proxy.pid);
  const startPeak = highWaterKiB(proxy.pid);
  const streamsPeak = await peakDuring(proxy.pid, async () => {
    const timings = await Promise.all(
      Array.from({ length: STREAMS }, (_, i) => {
        const nonce = `rss-proxy-${Date.now()}-${i}`;
        return streamOnce({ kind: 'bare', origin: proxy.origin }, benchMessage({ words: WORDS, paceMs: PACE_MS, nonce }), nonce);
      }),
    );
    const failed = timings.filter((timing) => timing.status !== 200 || timing.error || timing.deltaAts.length === 0);
    if (failed.length) throw new Error(`${failed.length} proxied streams failed: ${failed[0]?.error ?? `HTTP ${failed[0]?.status}`}`);
  });
  await sleep(5_000);
  return { idle: settled.kib, startPeak, streamsPeak, after: rssKiB(proxy.pid), settleMs: settled.ms };
}

async function withFreshPostgres<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `rill_rss_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    try {
      return await use(url.toString());
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

const services = serviceGroup();
const results = new Map<string, Figures[]>();
const record = (label: string, figures: Figures) => {
  results.set(label, [...(results.get(label) ?? []), figures]);
  const mib = (kib: number) => `${Math.round(kib / 1024)}`;
  console.log(
    `  ${label}: idle ${mib(figures.idle)} MiB (settled after ${(figures.settleMs / 1000).toFixed(0)} s), start-up peak ${mib(figures.startPeak)}, ` +
      `peak with ${STREAMS} streams ${mib(figures.streamsPeak)}, 5 s after ${mib(figures.after)}`,
  );
};

async function main(): Promise<void> {
  ensureFreshBuild(ROOT);
  const fake = services.add(await startFake(ROOT, await freePort()));
  const rillOptions = NODE_FLAGS.length ? { nodeArgs: NODE_FLAGS } : {};
  for (let run = 1; run <= RUNS; run++) {
    console.log(`run ${run} of ${RUNS}`);
    if (ONLY.has('pglite')) {
      // One data directory for both starts: the second is what a restart of a deployed server does.
      const dataDir = mkdtempSync(join(tmpdir(), 'rill-rss-'));
      try {
        for (const label of ['PGlite, new data directory', 'PGlite, reopened']) {
          const rill = await startRill(ROOT, await freePort(), fake.origin, { ...rillOptions, env: { RILL_DATA_DIR: dataDir } });
          try {
            record(label, await measureRill(rill, fake.origin));
          } finally {
            await rill.stop();
          }
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (ONLY.has('postgres')) {
      await withFreshPostgres(async (url) => {
        const rill = await startRill(ROOT, await freePort(), fake.origin, { ...rillOptions, env: { DATABASE_URL: url } });
        try {
          record('Postgres', await measureRill(rill, fake.origin));
        } finally {
          await rill.stop();
        }
      });
    }
    if (ONLY.has('proxy')) {
      const port = await freePort();
      const proxy = await startService('bare proxy', ['scripts/bench/bare-proxy.ts', '--port', String(port), '--upstream', fake.origin], {
        root: ROOT,
        env: process.env,
        port,
        healthPath: '/health',
      });
      try {
        record('bare Node proxy', await measureProxy(proxy));
      } finally {
        await proxy.stop();
      }
    }
  }

  const range = (kibs: number[]) => {
    const [low, high] = [Math.min(...kibs), Math.max(...kibs)].map((kib) => Math.round(kib / 1024));
    return low === high ? `${low}` : `${low}–${high}`;
  };
  const flags = NODE_FLAGS.length ? `, node ${NODE_FLAGS.join(' ')}` : '';
  console.log(`\nRSS of the listening process in MiB over ${RUNS} run(s), ${STREAMS} streams of ${WORDS} words at ${PACE_MS} ms${flags}:\n`);
  console.log('| server | idle | start-up peak (VmHWM) | peak, 50 streams | 5 s after |'.replace('50', String(STREAMS)));
  console.log('|---|---|---|---|---|');
  for (const [label, figures] of results) {
    const column = (key: keyof Figures) => range(figures.map((f) => f[key]));
    console.log(`| ${label} | ${column('idle')} | ${column('startPeak')} | ${column('streamsPeak')} | ${column('after')} |`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(services.stopAll);
