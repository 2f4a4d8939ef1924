// `npm run bench`: how much Rill adds on top of Claude. Builds the app when needed, starts the
// fake Anthropic server, a bare Node proxy, the Next.js floor and Rill (`next start`), then
// measures each server level four times: against the fake directly (the physical limit), through
// the bare proxy (the floor of any proxy, scripts/bench/bare-proxy.ts), through a Next.js route
// handler that only proxies (the floor of any route handler, scripts/bench/next-floor) and
// through Rill; then the browser figures in Chromium.
// Prints a table, checks the budgets and writes bench-results.json. Not a test: it never
// fails on a budget, it reports it. Plain Node 24 (type stripping).

import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

import { fetchOwnerCookie } from '../load/load-test.ts';
import { measureBrowser, type BrowserResult } from './browser.ts';
import { ensureFreshBuild, ensureNextFloorBuild } from './build.ts';
import { parseOptions } from './options.ts';
import { printReport } from './report.ts';
import { runLevel, type LevelResult } from './server-levels.ts';
import { BENCH_SERVER_ENV, serviceGroup, startBareProxy, startFake, startNextFloor, startRill } from './servers.ts';
import { streamOnce, benchMessage } from './stream-client.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const options = parseOptions(process.argv.slice(2));

export type BenchResults = {
  date: string;
  machine: { cpus: number; cpuModel: string; ramGiB: number; node: string };
  serverEnv: typeof BENCH_SERVER_ENV;
  levels: { level: string; rill: LevelResult; nextFloor: LevelResult; bare: LevelResult; reference: LevelResult }[];
  browser?: BrowserResult;
};

const services = serviceGroup();
const stopAll = services.stopAll;

async function main(): Promise<void> {
  ensureFreshBuild(ROOT);
  ensureNextFloorBuild(ROOT);
  const fake = await startFake(ROOT, options.fakePort);
  services.add(fake);
  const rill = await startRill(ROOT, options.appPort, fake.origin, options.profileDir ? { profileDir: options.profileDir } : {});
  services.add(rill);
  const bare = services.add(await startBareProxy(ROOT, options.barePort, fake.origin));
  const floor = services.add(await startNextFloor(ROOT, options.floorPort, fake.origin));
  console.log(`bench: fake Anthropic at ${fake.origin}, bare proxy (pid ${bare.pid}) at ${bare.origin}, Rill (next start, pid ${rill.pid}) at ${rill.origin}`);

  const cookie = await fetchOwnerCookie(rill.origin);
  const rillTarget = { kind: 'rill', origin: rill.origin, cookie } as const;
  const referenceTarget = { kind: 'reference', origin: fake.origin } as const;
  const bareTarget = { kind: 'bare', origin: bare.origin } as const;
  const floorTarget = { kind: 'bare', origin: floor.origin } as const;

  // Warm-up: compile the route's code paths and fill the connection pools before measuring.
  for (const target of [rillTarget, bareTarget, floorTarget]) {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => streamOnce(target, benchMessage({ words: 40, paceMs: 5, nonce: `warmup-${target.kind}-${i}` }), `warmup-${i}`)),
    );
  }

  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    serverEnv: BENCH_SERVER_ENV,
    levels: [],
  };
  for (const level of options.levels) {
    console.log(`bench: ${level.name}: ${level.streams} streams of ${level.words} words, ${level.concurrency} at a time`);
    // The reference's "server" is the fake itself: its CPU per delta is the floor of writing SSE.
    const reference = await runLevel({ level, target: referenceTarget, fakeOrigin: fake.origin, serverPid: fake.pid });
    const bareLevel = await runLevel({ level, target: bareTarget, fakeOrigin: fake.origin, serverPid: bare.pid });
    const floorLevel = await runLevel({ level, target: floorTarget, fakeOrigin: fake.origin, serverPid: floor.pid });
    const measured = await runLevel({ level, target: rillTarget, fakeOrigin: fake.origin, serverPid: rill.pid });
    results.levels.push({ level: level.name, rill: measured, nextFloor: floorLevel, bare: bareLevel, reference });
  }
  if (options.browser) results.browser = await measureBrowser({ rill, floor, fakeOrigin: fake.origin, words: options.browserWords, traceFile: options.traceFile });

  await stopAll();
  printReport(results);
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbench: results written to ${options.out}`);
}

main().catch(async (error: unknown) => {
  console.error('bench:', error instanceof Error ? error.message : error);
  await stopAll();
  process.exit(1);
});
