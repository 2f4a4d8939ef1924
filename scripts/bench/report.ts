// The bench's tables on stdout: every Rill figure beside the bare proxy's and as a ratio, the
// bare proxy's beside no proxy at all, the browser figures, and the budgets. Plain Node (type stripping).

import type { BenchResults } from './main.ts';
import type { LevelResult } from './server-levels.ts';

/** A budget: Rill's figure, and its limit, which for the server is the bare proxy's figure of the same run, scaled or plus a margin. */
type Budget = {
  figure: string;
  unit: string;
  limitText: string;
  limit: (results: BenchResults) => number | undefined;
  value: (results: BenchResults) => number | undefined;
  /** The same figure for the Next.js floor, which does nothing but what the figure needs: a budget below it cannot hold. */
  floor: (results: BenchResults) => number | undefined;
};

type Measured = BenchResults['levels'][number];
const level = (results: BenchResults, name: string): Measured | undefined => results.levels.find((l) => l.level === name);

/** Rill's figure and the Next.js floor's at the level `name`. */
function atLevel(name: string, read: (result: LevelResult) => number | undefined): Pick<Budget, 'value' | 'floor'> {
  return {
    value: (r) => {
      const rill = level(r, name)?.rill;
      return rill && read(rill);
    },
    floor: (r) => {
      const floor = level(r, name)?.nextFloor;
      return floor && read(floor);
    },
  };
}

/** At most `factor` × the bare proxy's figure. */
function timesBare(figure: string, name: string, factor: number, read: (result: LevelResult) => number | undefined): Budget {
  return {
    figure,
    unit: 'ms',
    limitText: `≤ ${factor}× bare`,
    limit: (r) => {
      const bare = level(r, name)?.bare;
      const value = bare && read(bare);
      return value === undefined ? undefined : value * factor;
    },
    ...atLevel(name, read),
  };
}

/** At most the bare proxy's figure + `marginMs`. */
function plusBare(figure: string, name: string, marginMs: number, read: (result: LevelResult) => number): Budget {
  return {
    figure,
    unit: 'ms',
    limitText: `≤ bare + ${marginMs} ms`,
    limit: (r) => {
      const bare = level(r, name)?.bare;
      return bare && read(bare) + marginMs;
    },
    ...atLevel(name, read),
  };
}

function absolute(figure: string, limit: number, unit: string, value: Budget['value'], floor: Budget['floor'] = () => undefined): Budget {
  return { figure, unit, limitText: `≤ ${limit} ${unit}`, limit: () => limit, value, floor };
}

// Issue #19's budgets (server: against the bare proxy of the same run), and issue #6's for the browser.
export const BUDGETS: Budget[] = [
  timesBare('server CPU per 1,000 deltas, 50 concurrent (20 ms)', '50x20ms', 2, (l) => l.server?.cpuMsPer1000Deltas),
  timesBare('server CPU per 1,000 deltas, 200 concurrent (20 ms)', '200x20ms', 2, (l) => l.server?.cpuMsPer1000Deltas),
  plusBare('added first-token latency, 50 concurrent, 20 ms, p99', '50x20ms', 20, (l) => l.firstToken.p99),
  plusBare('added first-token latency, 200 concurrent, 20 ms, p99', '200x20ms', 50, (l) => l.firstToken.p99),
  { figure: 'added first-token latency, 1 stream, p50', unit: 'ms', limitText: '≤ 0.5 ms', limit: () => 0.5, ...atLevel('1x20ms', (l) => l.firstToken.p50) },
  absolute(
    'First Load JS of the chat page, gzipped',
    180,
    'KB',
    (r) => (r.browser ? r.browser.firstLoadJs.totalGzipBytes / 1000 : undefined),
    (r) => (r.browser ? r.browser.floor.firstLoadJs.totalGzipBytes / 1000 : undefined),
  ),
  absolute(
    'first token on screen, fresh page, p50',
    15,
    'ms',
    (r) => r.browser?.firstTokenOnScreen.p50,
    (r) => r.browser?.floor.firstTokenOnScreen.p50,
  ),
  absolute('longest main-thread task, long answer', 50, 'ms', (r) => r.browser?.longAnswer.longestTaskMs),
  absolute('total blocking time, long answer', 50, 'ms', (r) => r.browser?.longAnswer.totalBlockingTimeMs),
];

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
/** A figure, the one it is compared with, and their ratio. */
const beside = (value: number, base: number) => `${fixed(value)} / ${fixed(base)} (${base > 0 ? `×${fixed(value / base)}` : '–'})`;

/** Each level's figures for `measured`, beside those of `base`. */
export function serverTable(results: BenchResults, measured: 'rill' | 'nextFloor' | 'bare', base: 'bare' | 'reference'): string {
  const rows = results.levels.map((row) => {
    const [value, floor] = [row[measured], row[base]];
    return [
      row.level,
      `${value.streams}×${value.words}w`,
      beside(value.firstToken.p50, floor.firstToken.p50),
      beside(value.firstToken.p95, floor.firstToken.p95),
      beside(value.firstToken.p99, floor.firstToken.p99),
      beside(value.deltaGap.p95, floor.deltaGap.p95),
      value.server && floor.server ? beside(value.server.cpuMsPer1000Deltas, floor.server.cpuMsPer1000Deltas) : '',
      value.server ? `${fixed(value.server.peakRssMiB, 0)} (${fixed(value.server.idleRssMiB, 0)} idle)` : '',
      value.server ? fixed(value.server.rssPerStreamMiB, 2) : '',
      `${value.errors} / ${floor.errors}`,
    ];
  });
  return table(
    ['level', 'streams', 'first token p50 ms', 'first token p95 ms', 'first token p99 ms', 'delta gap p95 ms', 'CPU ms/1k deltas', 'peak RSS MiB', 'RSS MiB/stream', 'errors'],
    rows,
  );
}

export function browserTable(results: BenchResults): string {
  const b = results.browser;
  if (!b) return '(browser figures skipped)';
  const { floor } = b;
  const p50p95 = (samples: { p50: number; p95: number }) => `${fixed(samples.p50)} / ${fixed(samples.p95)}`;
  const kb = (js: { totalGzipBytes: number; files: unknown[] }) => `${fixed(js.totalGzipBytes / 1000)} in ${js.files.length} files`;
  return table(
    ['browser figure', 'Rill', 'Next.js floor (useChat, a message box)'],
    [
      ['first token on screen p50 / p95 (ms after emission)', p50p95(b.firstTokenOnScreen), p50p95(floor.firstTokenOnScreen)],
      ['  of which until it is in the DOM, p50 / p95', p50p95(b.firstTokenInDom), p50p95(floor.firstTokenInDom)],
      [`long answer: ${b.longAnswer.words} words, ${b.longAnswer.deltas} deltas every ${b.longAnswer.paceMs} ms`, '', ''],
      ['  longest task (ms)', fixed(b.longAnswer.longestTaskMs), ''],
      ['  total blocking time (ms)', fixed(b.longAnswer.totalBlockingTimeMs), ''],
      ['  long tasks', String(b.longAnswer.longTasks), ''],
      ['  last upstream byte to final paint (ms)', fixed(b.longAnswer.lastByteToFinalPaintMs), ''],
      ['First Load JS, gzipped (KB)', kb(b.firstLoadJs), kb(floor.firstLoadJs)],
    ],
  );
}

export function budgetTable(results: BenchResults): string {
  const rows = BUDGETS.map((budget) => {
    const [value, limit, floor] = [budget.value(results), budget.limit(results), budget.floor(results)];
    const verdict = value === undefined || limit === undefined ? 'not run' : value <= limit ? 'ok' : 'OVER';
    const show = (figure: number | undefined) => (figure === undefined ? '' : `${fixed(figure, 2)} ${budget.unit}`);
    const floorVerdict = floor === undefined || limit === undefined ? '' : floor <= limit ? 'within' : 'over';
    return [budget.figure, budget.limitText, show(limit), show(value), verdict, floor === undefined ? '' : `${show(floor)} (${floorVerdict})`];
  });
  return table(['budget', 'rule', 'limit', 'measured', '', 'Next.js floor'], rows);
}

export function printReport(results: BenchResults): void {
  const { machine } = results;
  console.log(`\n${machine.cpus} × ${machine.cpuModel}, ${machine.ramGiB} GiB RAM, Node ${machine.node}`);
  console.log("\nServer: Rill / bare Node proxy (×ratio). Latencies: receipt minus the fake's emission. CPU: of the process that listens\n");
  console.log(serverTable(results, 'rill', 'bare'));
  console.log('\nThe Next.js floor (a route handler that only proxies) / bare Node proxy\n');
  console.log(serverTable(results, 'nextFloor', 'bare'));
  console.log("\nThe bare proxy / no proxy (the client reading the fake directly; CPU: the fake's own)\n");
  console.log(serverTable(results, 'bare', 'reference'));
  for (const { level: name, rill, nextFloor, bare } of results.levels) {
    for (const error of [...rill.firstErrors, ...nextFloor.firstErrors, ...bare.firstErrors]) console.log(`  ${name} error: ${error}`);
  }
  console.log(`\n${browserTable(results)}\n\n${budgetTable(results)}`);
}
