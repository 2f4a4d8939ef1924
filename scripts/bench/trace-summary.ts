// Where the main thread's time goes in a Chromium trace written by `npm run bench -- --trace=FILE`:
// every long task (over 50 ms) of the page's main thread with what it spent its time on
// (script, style, layout, paint, garbage collection), and the JavaScript functions with the
// most self time inside long tasks and overall, from the trace's CPU samples. Each task's CPU
// time is shown beside its duration: on a busy machine a task is long when the thread waits for
// a core, and the figures measured by thread CPU time are what the page itself costs. Production
// chunks are minified, so each function is shown with the code around its position in the
// chunk (read from `.next/static`), which names the library or component.
// Usage: node scripts/bench/trace-summary.ts TRACE.json [--top=N] [--over=MS] (tasks longer than MS, default 50). Plain Node (type stripping).

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** The thread's CPU time during the event: less than `dur` when the thread waited for a core. */
  tdur?: number;
  id?: string;
  args?: { name?: string; data?: ProfileData };
};
type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; parent?: number | undefined };
/** Chromium leaves out the empty fields of a call frame (no url for native code). */
type RawProfileNode = { id: number; callFrame: Partial<CallFrame>; parent?: number };
type ProfileData = { startTime?: number; cpuProfile?: { nodes?: RawProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
type Sample = { ts: number; node: number };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Trace event names that say what a task's time was spent on, beside JavaScript. */
const ACTIVITIES: Record<string, string> = {
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  'Commit': 'paint',
  MajorGC: 'gc',
  MinorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  ParseHTML: 'parse HTML',
  'v8.compile': 'compile',
  'V8.CompileCode': 'compile',
  'v8.parseOnBackground': 'compile',
  ResizeObserverController: 'observers',
  IntersectionObserverController: 'observers',
};

function mainThreads(events: TraceEvent[]): Set<string> {
  const threads = new Set<string>();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain') threads.add(`${event.pid}:${event.tid}`);
  }
  return threads;
}

/** The CPU samples of each thread, from the `Profile`/`ProfileChunk` events. */
function samplesByThread(events: TraceEvent[]): { samples: Map<string, Sample[]>; nodes: Map<number, ProfileNode> } {
  const threadOfProfile = new Map<string, string>();
  const startOfProfile = new Map<string, number>();
  const samples = new Map<string, Sample[]>();
  const nodes = new Map<number, ProfileNode>();
  const clock = new Map<string, number>();
  for (const event of events) {
    if (event.name === 'Profile' && event.id) {
      threadOfProfile.set(event.id, `${event.pid}:${event.tid}`);
      startOfProfile.set(event.id, event.args?.data?.startTime ?? event.ts);
    }
  }
  for (const event of events) {
    if (event.name !== 'ProfileChunk' || !event.id) continue;
    const thread = threadOfProfile.get(event.id) ?? `${event.pid}:${event.tid}`;
    const data = event.args?.data;
    // Node ids are per profile: prefix them so that two profiles never mix.
    const offset = (Number.parseInt(event.id, 16) % 1000) * 1_000_000;
    for (const node of data?.cpuProfile?.nodes ?? []) {
      const callFrame = { functionName: '', url: '', lineNumber: 0, columnNumber: 0, ...node.callFrame };
      nodes.set(offset + node.id, { callFrame, id: offset + node.id, parent: node.parent === undefined ? undefined : offset + node.parent });
    }
    let ts = clock.get(event.id) ?? startOfProfile.get(event.id) ?? 0;
    const list = samples.get(thread) ?? [];
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < ids.length; i++) {
      ts += deltas[i] ?? 0;
      list.push({ ts, node: offset + ids[i]! });
    }
    clock.set(event.id, ts);
    samples.set(thread, list);
  }
  for (const list of samples.values()) list.sort((a, b) => a.ts - b.ts);
  return { samples, nodes };
}

const chunkCache = new Map<string, string | undefined>();

/** The minified code at a function's position, read from the build (`/_next/static/…` → `.next/static/…`). */
function codeAt(frame: CallFrame): string {
  const match = /\/_next\/(static\/.+?\.js)/.exec(frame.url);
  if (!match) return '';
  const path = `${ROOT}.next/${decodeURIComponent(match[1]!)}`;
  if (!chunkCache.has(path)) chunkCache.set(path, existsSync(path) ? readFileSync(path, 'utf8') : undefined);
  const source = chunkCache.get(path);
  if (!source) return '';
  const lines = source.split('\n');
  const line = lines[frame.lineNumber] ?? '';
  return line.slice(Math.max(0, frame.columnNumber - 20), frame.columnNumber + 100).replace(/\s+/g, ' ');
}

function frameLabel(frame: CallFrame): string {
  const file = frame.url.split('/').pop() || '(native)';
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
}

type Tally = Map<string, { ms: number; frame: CallFrame }>;

function add(tally: Tally, frame: CallFrame, ms: number): void {
  const key = frameLabel(frame);
  const entry = tally.get(key);
  if (entry) entry.ms += ms;
  else tally.set(key, { ms, frame });
}

/** Self time by function and inclusive time by function, of the samples in [from, to). */
function profileOf(samples: Sample[], nodes: Map<number, ProfileNode>, from: number, to: number): { self: Tally; total: Tally } {
  const self: Tally = new Map();
  const total: Tally = new Map();
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i]!;
    if (sample.ts < from || sample.ts >= to) continue;
    const next = samples[i + 1];
    const ms = Math.min(next ? next.ts - sample.ts : 0, 10_000) / 1000;
    const node = nodes.get(sample.node);
    if (!node) continue;
    add(self, node.callFrame, ms);
    const seen = new Set<string>();
    for (let current: ProfileNode | undefined = node; current; current = current.parent === undefined ? undefined : nodes.get(current.parent)) {
      const key = frameLabel(current.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      add(total, current.callFrame, ms);
    }
  }
  return { self, total };
}

function printTop(title: string, tally: Tally, top: number): void {
  console.log(`  ${title}:`);
  const sorted = [...tally.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
  for (const { ms, frame } of sorted) {
    const code = codeAt(frame);
    console.log(`    ${ms.toFixed(1).padStart(8)} ms  ${frameLabel(frame)}${code ? `\n                 ${code}` : ''}`);
  }
}

/** Time per activity inside [from, to) of one thread: outermost events of each kind only. */
function activitiesOf(events: TraceEvent[], from: number, to: number): Map<string, number> {
  const totals = new Map<string, number>();
  const openUntil = new Map<string, number>();
  for (const event of events) {
    const kind = ACTIVITIES[event.name];
    if (!kind || event.ph !== 'X' || event.ts < from || event.ts >= to) continue;
    if (event.ts < (openUntil.get(kind) ?? 0)) continue;
    openUntil.set(kind, event.ts + (event.dur ?? 0));
    totals.set(kind, (totals.get(kind) ?? 0) + (event.dur ?? 0) / 1000);
  }
  return totals;
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node scripts/bench/trace-summary.ts TRACE.json [--top=N] [--over=MS]');
    process.exit(2);
  }
  const top = Number(rest.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 15);
  const longTaskUs = Number(rest.find((arg) => arg.startsWith('--over='))?.slice(7) ?? 50) * 1000;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = (Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])).sort((a, b) => a.ts - b.ts);
  const threads = mainThreads(events);
  const { samples, nodes } = samplesByThread(events);

  for (const thread of threads) {
    const threadEvents = events.filter((event) => `${event.pid}:${event.tid}` === thread);
    const tasks = threadEvents.filter((event) => event.name === 'RunTask' && event.ph === 'X');
    if (tasks.length === 0) continue;
    const long = tasks.filter((task) => (task.dur ?? 0) > longTaskUs);
    const busyMs = tasks.reduce((sum, task) => sum + (task.dur ?? 0), 0) / 1000;
    const tbt = tasks.reduce((sum, task) => sum + Math.max(0, (task.dur ?? 0) / 1000 - 50), 0);
    const span = (tasks.at(-1)!.ts - tasks[0]!.ts) / 1e6;
    console.log(`main thread ${thread}: ${tasks.length} tasks over ${span.toFixed(1)} s, busy ${busyMs.toFixed(0)} ms; ${long.length} tasks over ${longTaskUs / 1000} ms, TBT ${tbt.toFixed(0)} ms`);
    const cpuMs = (task: TraceEvent) => (task.tdur ?? task.dur ?? 0) / 1000;
    const byCpu = [...tasks].sort((a, b) => cpuMs(b) - cpuMs(a));
    const cpuTbt = tasks.reduce((sum, task) => sum + Math.max(0, cpuMs(task) - 50), 0);
    console.log(`  by thread CPU time: busy ${tasks.reduce((sum, task) => sum + cpuMs(task), 0).toFixed(0)} ms, TBT ${cpuTbt.toFixed(0)} ms; longest tasks ${byCpu.slice(0, 5).map((task) => `${cpuMs(task).toFixed(1)} ms at +${((task.ts - tasks[0]!.ts) / 1000).toFixed(0)}`).join(', ')}`);
    const threadSamples = samples.get(thread) ?? [];
    const t0 = tasks[0]!.ts;
    for (const task of long) {
      const end = task.ts + (task.dur ?? 0);
      const activity = [...activitiesOf(threadEvents, task.ts, end)].map(([kind, ms]) => `${kind} ${ms.toFixed(1)}`).join(', ');
      console.log(`\n long task at +${((task.ts - t0) / 1000).toFixed(0)} ms: ${((task.dur ?? 0) / 1000).toFixed(1)} ms, ${cpuMs(task).toFixed(1)} ms of CPU (${activity || 'script only'})`);
      const { self } = profileOf(threadSamples, nodes, task.ts, end);
      printTop('self time', self, Math.min(top, 8));
    }
    const inLong = { self: new Map() as Tally, total: new Map() as Tally };
    for (const task of long) {
      const { self, total } = profileOf(threadSamples, nodes, task.ts, task.ts + (task.dur ?? 0));
      for (const [, { ms, frame }] of self) add(inLong.self, frame, ms);
      for (const [, { ms, frame }] of total) add(inLong.total, frame, ms);
    }
    console.log('\n all long tasks together:');
    printTop('self time', inLong.self, top);
    printTop('total time (self and callees)', inLong.total, top);
    const whole = profileOf(threadSamples, nodes, tasks[0]!.ts, Number.POSITIVE_INFINITY);
    const activity = [...activitiesOf(threadEvents, tasks[0]!.ts, Number.POSITIVE_INFINITY)].map(([kind, ms]) => `${kind} ${ms.toFixed(0)}`).join(', ');
    console.log(`\n the whole trace (${activity}):`);
    printTop('self time', whole.self, top);
    printTop('total time (self and callees)', whole.total, top);
  }
}

main();
