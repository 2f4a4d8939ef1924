// Summarises a V8 CPU profile of the server, as written by `npm run bench -- --profile=DIR`
// (one file per thread: the main thread's name ends in .0.001.cpuprofile). Prints the busy time,
// the busiest stretches, where the time went by layer, and the functions with the most self time.
// Plain Node (type stripping).
//
//   node scripts/bench/profile-summary.ts FILE [--from=MS] [--to=MS] [--top=N]
//
// --from/--to limit it to a window, in ms since the profile started (the busiest stretches give
// the windows of each level's start).

import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

const USAGE = 'node scripts/bench/profile-summary.ts FILE [--from=MS] [--to=MS] [--top=N]';

/** The layer a sample's own code belongs to. Bundled packages count as the app bundle. */
function layer({ functionName, url }: CallFrame): string {
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName}`;
  if (url.startsWith('wasm://')) return 'WebAssembly';
  if (url.includes('internal/deps/undici')) return 'undici (fetch)';
  if (url.startsWith('node:internal/webstreams')) return 'web streams';
  if (url.startsWith('node:')) return 'Node.js (streams, sockets, http, timers…)';
  if (url.includes('node_modules/next/')) return 'Next.js runtime';
  if (url.includes('.next/server/')) return 'app bundle (Rill and the packages bundled with it)';
  if (url.includes('node_modules/')) return `package ${url.replace(/.*node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1')}`;
  return url;
}

function label({ functionName, url, lineNumber }: CallFrame): string {
  const where = url.replace(/.*node_modules\//, '').replace(/.*\.next\/server\/chunks\//, '');
  return `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
}

function table(rows: [string, number][], total: number, top: number): string {
  return rows
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => `${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
}

function main(argv: string[]): void {
  const file = argv.find((arg) => !arg.startsWith('--'));
  const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  if (!file) {
    console.error(USAGE);
    process.exit(2);
  }
  const from = Number(option('from') ?? 0);
  const to = Number(option('to') ?? Infinity);
  const top = Number(option('top') ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));

  const byLayer = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const busyPer100Ms = new Map<number, number>();
  let busy = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const sinceStart = (at - profile.startTime) / 1000;
    const frame = nodes.get(profile.samples[i]!)!.callFrame;
    if (frame.functionName === '(idle)' || sinceStart < from || sinceStart >= to) continue;
    busy += ms;
    byLayer.set(layer(frame), (byLayer.get(layer(frame)) ?? 0) + ms);
    byFunction.set(label(frame), (byFunction.get(label(frame)) ?? 0) + ms);
    const bucket = Math.floor(sinceStart / 100);
    busyPer100Ms.set(bucket, (busyPer100Ms.get(bucket) ?? 0) + ms);
  }

  // Consecutive 100 ms buckets at least 90% busy: the bursts (a level's start, for example).
  const stretches: string[] = [];
  let start: number | undefined;
  const buckets = [...busyPer100Ms.keys()].sort((a, b) => a - b);
  for (const bucket of buckets) {
    const full = (busyPer100Ms.get(bucket) ?? 0) >= 90;
    const next = busyPer100Ms.get(bucket + 1) ?? 0;
    if (full && start === undefined) start = bucket;
    if (start !== undefined && (!full || next < 90)) {
      stretches.push(`${start * 100}–${(bucket + 1) * 100} ms`);
      start = undefined;
    }
  }

  const window = to === Infinity && from === 0 ? 'the whole profile' : `${from}–${to} ms`;
  console.log(`${file}: ${busy.toFixed(0)} ms busy in ${window}`);
  console.log(`\nbusiest stretches (100 ms buckets ≥ 90% busy): ${stretches.join(', ') || 'none'}`);
  console.log(`\nby layer (self time):\n${table([...byLayer], busy, top)}`);
  console.log(`\nfunctions with the most self time:\n${table([...byFunction], busy, top)}`);
}

main(process.argv.slice(2));
