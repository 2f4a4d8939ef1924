// What an answer costs the server, split into a fixed part (per answer) and a part per text delta,
// for Rill, the Next.js floor and the bare proxy: each serves 200 answers, 50 at a time at 20 ms a
// delta, of 2, 40 and 300 words; the CPU of 2-word answers (one delta) is the fixed cost, and the
// slope from 40 to 300 words the cost of a delta. Uses the builds `npm run bench` makes (run it
// first). Plain Node (type stripping):  node scripts/bench/answer-costs.ts

import { fileURLToPath } from 'node:url';

import { fetchOwnerCookie } from '../load/load-test.ts';
import { runLevel } from './server-levels.ts';
import { serviceGroup, startBareProxy, startFake, startNextFloor, startRill } from './servers.ts';
import { benchMessage, streamOnce, type StreamTarget } from './stream-client.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ANSWERS = 200;
const services = serviceGroup();

async function main(): Promise<void> {
  const fake = services.add(await startFake(ROOT, 4530));
  const rill = services.add(await startRill(ROOT, 3530, fake.origin));
  const floor = services.add(await startNextFloor(ROOT, 3532, fake.origin));
  const bare = services.add(await startBareProxy(ROOT, 3531, fake.origin));
  const cookie = await fetchOwnerCookie(rill.origin);
  const targets: { name: string; pid: number; target: StreamTarget }[] = [
    { name: 'bare proxy', pid: bare.pid, target: { kind: 'bare', origin: bare.origin } },
    { name: 'Next.js floor', pid: floor.pid, target: { kind: 'bare', origin: floor.origin } },
    { name: 'Rill', pid: rill.pid, target: { kind: 'rill', origin: rill.origin, cookie } },
  ];
  for (const { name, target } of targets) {
    await Promise.all(Array.from({ length: 20 }, (_, i) => streamOnce(target, benchMessage({ words: 40, paceMs: 5, nonce: `warmup-${name}-${i}` }), `warmup-${i}`)));
  }
  const perAnswer = new Map<string, Map<number, { ms: number; deltas: number }>>();
  for (const words of [2, 40, 300]) {
    for (const { name, pid, target } of targets) {
      const level = { name: `50x20ms-${words}w`, concurrency: 50, streams: ANSWERS, words, paceMs: 20 };
      const result = await runLevel({ level, target, fakeOrigin: fake.origin, serverPid: pid });
      if (result.errors > 0) throw new Error(`${name}: ${result.errors} answers failed: ${result.firstErrors.join('; ')}`);
      const byWords = perAnswer.get(name) ?? new Map();
      byWords.set(words, { ms: result.server!.cpuMs / ANSWERS, deltas: result.deltas / ANSWERS });
      perAnswer.set(name, byWords);
    }
  }
  console.log('\n| server | CPU per answer, 1 delta | 20 deltas | 150 deltas | per delta (slope 20 → 150) |');
  console.log('|---|---|---|---|---|');
  for (const [name, byWords] of perAnswer) {
    const [one, short, long] = [byWords.get(2)!, byWords.get(40)!, byWords.get(300)!];
    const slope = ((long.ms - short.ms) / (long.deltas - short.deltas)) * 1000;
    console.log(`| ${name} | ${one.ms.toFixed(2)} ms | ${short.ms.toFixed(2)} ms | ${long.ms.toFixed(2)} ms | ${slope.toFixed(0)} µs |`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => services.stopAll());
