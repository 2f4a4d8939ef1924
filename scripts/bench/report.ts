// The bench's table on stdout: every server figure beside the no-proxy reference and as a
// ratio, the browser figures, and the budgets of issue #6. Plain Node (type stripping).

import type { BenchResults } from './main.ts';
import type { LevelResult } from './server-levels.ts';

type Budget = { figure: string; limit: number; unit: string; value: (results: BenchResults) => number | undefined };

const level = (results: BenchResults, name: string): LevelResult | undefined => results.levels.find((l) => l.level === name)?.rill;

export const BUDGETS: Budget[] = [
  { figure: 'added first-token latency, 1 stream, p50', limit: 1, unit: 'ms', value: (r) => level(r, '1x20ms')?.firstToken.p50 },
  { figure: 'server CPU per 1,000 deltas, 200 concurrent (20 ms)', limit: 50, unit: 'ms', value: (r) => level(r, '200x20ms')?.server?.cpuMsPer1000Deltas },
  { figure: 'server CPU per 1,000 deltas, 200 concurrent (5 ms)', limit: 50, unit: 'ms', value: (r) => level(r, '200x5ms')?.server?.cpuMsPer1000Deltas },
  { figure: 'peak RSS per stream, 200 concurrent', limit: 0.5, unit: 'MB', value: (r) => level(r, '200x20ms')?.server?.rssPerStreamMiB },
  { figure: 'added first-token latency, 50 concurrent, 20 ms, p99', limit: 30, unit: 'ms', value: (r) => level(r, '50x20ms')?.firstToken.p99 },
  { figure: 'added first-token latency, 200 concurrent, 20 ms, p99', limit: 100, unit: 'ms', value: (r) => level(r, '200x20ms')?.firstToken.p99 },
  { figure: 'first token on screen, fresh page, p50', limit: 15, unit: 'ms', value: (r) => r.browser?.firstTokenOnScreen.p50 },
  { figure: 'longest main-thread task, long answer', limit: 50, unit: 'ms', value: (r) => r.browser?.longAnswer.longestTaskMs },
  { figure: 'total blocking time, long answer', limit: 50, unit: 'ms', value: (r) => r.browser?.longAnswer.totalBlockingTimeMs },
  { figure: 'First Load JS of the chat page, gzipped', limit: 150, unit: 'KB', value: (r) => (r.browser ? r.browser.firstLoadJs.totalGzipBytes / 1000 : undefined) },
];

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
/** Rill's figure, the reference's, and their ratio. */
const beside = (rill: number, reference: number) => `${fixed(rill)} / ${fixed(reference)} (${reference > 0 ? `×${fixed(rill / reference)}` : '–'})`;

export function serverTable(results: BenchResults): string {
  const rows = results.levels.map(({ level: name, rill, reference }) => [
    name,
    `${rill.streams}×${rill.words}w`,
    beside(rill.firstToken.p50, reference.firstToken.p50),
    beside(rill.firstToken.p95, reference.firstToken.p95),
    beside(rill.firstToken.p99, reference.firstToken.p99),
    beside(rill.deltaGap.p95, reference.deltaGap.p95),
    rill.server && reference.server ? beside(rill.server.cpuMsPer1000Deltas, reference.server.cpuMsPer1000Deltas) : '',
    rill.server ? `${fixed(rill.server.peakRssMiB, 0)} (${fixed(rill.server.idleRssMiB, 0)} idle)` : '',
    rill.server ? fixed(rill.server.rssPerStreamMiB, 2) : '',
    `${rill.errors} / ${reference.errors}`,
  ]);
  return table(
    ['level', 'streams', 'first token p50 ms', 'first token p95 ms', 'first token p99 ms', 'delta gap p95 ms', 'CPU ms/1k deltas', 'peak RSS MiB', 'RSS MiB/stream', 'errors'],
    rows,
  );
}

export function browserTable(results: BenchResults): string {
  const b = results.browser;
  if (!b) return '(browser figures skipped)';
  return table(
    ['browser figure', 'value'],
    [
      ['first token on screen p50 / p95 (ms after emission)', `${fixed(b.firstTokenOnScreen.p50)} / ${fixed(b.firstTokenOnScreen.p95)}`],
      ['  of which until it is in the DOM, p50 / p95', `${fixed(b.firstTokenInDom.p50)} / ${fixed(b.firstTokenInDom.p95)}`],
      [`long answer: ${b.longAnswer.words} words, ${b.longAnswer.deltas} deltas every ${b.longAnswer.paceMs} ms`, ''],
      ['  longest task (ms)', fixed(b.longAnswer.longestTaskMs)],
      ['  total blocking time (ms)', fixed(b.longAnswer.totalBlockingTimeMs)],
      ['  long tasks', String(b.longAnswer.longTasks)],
      ['  last upstream byte to final paint (ms)', fixed(b.longAnswer.lastByteToFinalPaintMs)],
      ['First Load JS, gzipped (KB)', `${fixed(b.firstLoadJs.totalGzipBytes / 1000)} in ${b.firstLoadJs.files.length} files`],
    ],
  );
}

export function budgetTable(results: BenchResults): string {
  const rows = BUDGETS.map((budget) => {
    const value = budget.value(results);
    const verdict = value === undefined ? 'not run' : value <= budget.limit ? 'ok' : 'OVER';
    return [budget.figure, `≤ ${budget.limit} ${budget.unit}`, value === undefined ? '' : `${fixed(value, 2)} ${budget.unit}`, verdict];
  });
  return table(['budget', 'limit', 'measured', ''], rows);
}

export function printReport(results: BenchResults): void {
  const { machine } = results;
  console.log(`\n${machine.cpus} × ${machine.cpuModel}, ${machine.ramGiB} GiB RAM, Node ${machine.node}`);
  console.log('\nServer: Rill / no-proxy reference (×ratio). Latencies: receipt minus the fake\'s emission. CPU: Rill\'s next start / the fake\'s own process\n');
  console.log(serverTable(results));
  for (const { level: name, rill } of results.levels) {
    for (const error of rill.firstErrors) console.log(`  ${name} error: ${error}`);
  }
  console.log(`\n${browserTable(results)}\n\n${budgetTable(results)}`);
}
