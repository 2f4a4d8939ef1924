// One server-side level of the bench: `concurrency` streams at a time, each a fresh
// conversation, until `streams` have run. Every received text delta is matched with the fake's
// emission of it (same nonce, same position); for Rill, the server's CPU time and peak memory
// are read from /proc meanwhile. Plain Node (type stripping).

import { fakeRequestLog, percentile } from '../load/load-test.ts';
import { cpuMs, rssKiB } from '../support/processes.ts';
import { benchMessage, streamOnce, type StreamTarget, type StreamTiming } from './stream-client.ts';

export type LevelConfig = {
  name: string;
  concurrency: number;
  /** Streams in the whole level (a multiple of `concurrency` keeps every slot equally busy). */
  streams: number;
  words: number;
  paceMs: number;
};

export type Percentiles = { p50: number; p95: number; p99: number; max: number };

export type LevelResult = LevelConfig & {
  target: StreamTarget['kind'];
  errors: number;
  firstErrors: string[];
  deltas: number;
  /** Receipt of the first text delta minus the fake's emission of it, ms. */
  firstToken: Percentiles;
  /** Per delta after the first: the gap the client saw minus the gap the fake made, ms. */
  deltaGap: Percentiles;
  /** Every delta's receipt minus its emission, ms. */
  deltaLatency: Percentiles;
  wallMs: number;
  /** Rill only. */
  server?: {
    cpuMs: number;
    cpuMsPer1000Deltas: number;
    idleRssMiB: number;
    peakRssMiB: number;
    rssPerStreamMiB: number;
  };
};

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

let sequence = 0;
function nonceFor(level: string): string {
  return `${level}-${process.pid}-${(sequence++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs `total` tasks with at most `limit` at a time. */
async function pooled<T>(total: number, limit: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      results.push(await task());
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, total) }, worker));
  return results;
}

/** Samples a process's resident memory until stopped, keeping the peak. */
function watchPeakRss(pid: number, everyMs = 25): { stop(): number } {
  let peak = rssKiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKiB(pid));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssKiB(pid));
    },
  };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLevel(options: {
  level: LevelConfig;
  target: StreamTarget;
  fakeOrigin: string;
  /** The process serving `target` (Rill only): its CPU and memory are measured. */
  serverPid?: number;
}): Promise<LevelResult> {
  const { level, target, fakeOrigin, serverPid } = options;
  await fetch(`${fakeOrigin}/_log`, { method: 'DELETE' });
  // The idle baseline: after the previous level's saves and timers have run their course.
  await settle(1_000);
  const idleKiB = serverPid ? rssKiB(serverPid) : 0;
  const cpuBefore = serverPid ? cpuMs(serverPid) : 0;
  const peak = serverPid ? watchPeakRss(serverPid) : undefined;
  const startedAt = performance.now();

  const timings = await pooled(level.streams, level.concurrency, () => {
    const nonce = nonceFor(level.name);
    return streamOnce(target, benchMessage({ words: level.words, paceMs: level.paceMs, nonce }), nonce);
  });
  const wallMs = performance.now() - startedAt;
  // Rill saves each answer just after its stream ends: that work is part of serving it.
  if (serverPid) await settle(500);
  const cpuAfter = serverPid ? cpuMs(serverPid) : 0;
  const peakKiB = peak?.stop() ?? 0;

  const emitted = new Map<string, number[]>();
  for (const entry of await fakeRequestLog(fakeOrigin)) {
    if (entry.stream && entry.nonce && entry.textDeltaAts) emitted.set(entry.nonce, entry.textDeltaAts);
  }
  return summarise(level, target.kind, timings, emitted, wallMs, serverPid ? { cpuMs: cpuAfter - cpuBefore, idleKiB, peakKiB } : undefined);
}

function summarise(
  level: LevelConfig,
  target: StreamTarget['kind'],
  timings: StreamTiming[],
  emitted: Map<string, number[]>,
  wallMs: number,
  server: { cpuMs: number; idleKiB: number; peakKiB: number } | undefined,
): LevelResult {
  const firstToken: number[] = [];
  const deltaGap: number[] = [];
  const deltaLatency: number[] = [];
  const errors: string[] = [];
  let deltas = 0;
  for (const timing of timings) {
    const sent = emitted.get(timing.nonce);
    if (timing.error) errors.push(timing.error);
    else if (!sent) errors.push(`the fake logged no stream for nonce ${timing.nonce}`);
    else if (sent.length !== timing.deltaAts.length) errors.push(`${timing.deltaAts.length} text deltas received, ${sent.length} sent`);
    if (timing.error || !sent || sent.length !== timing.deltaAts.length) continue;
    deltas += sent.length;
    timing.deltaAts.forEach((receivedAt, i) => {
      const latency = receivedAt - sent[i]!;
      deltaLatency.push(latency);
      if (i === 0) firstToken.push(latency);
      else deltaGap.push(receivedAt - timing.deltaAts[i - 1]! - (sent[i]! - sent[i - 1]!));
    });
  }
  const result: LevelResult = {
    ...level,
    target,
    errors: errors.length,
    firstErrors: [...new Set(errors)].slice(0, 5),
    deltas,
    firstToken: percentiles(firstToken),
    deltaGap: percentiles(deltaGap),
    deltaLatency: percentiles(deltaLatency),
    wallMs,
  };
  if (server) {
    const mib = (kib: number) => kib / 1024;
    result.server = {
      cpuMs: server.cpuMs,
      cpuMsPer1000Deltas: deltas ? (server.cpuMs / deltas) * 1000 : 0,
      idleRssMiB: mib(server.idleKiB),
      peakRssMiB: mib(server.peakKiB),
      rssPerStreamMiB: mib(Math.max(0, server.peakKiB - server.idleKiB)) / level.concurrency,
    };
  }
  return result;
}
