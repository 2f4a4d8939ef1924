// Command-line options of `npm run bench`. Plain Node (type stripping).

import type { LevelConfig } from './server-levels.ts';

export type BenchOptions = {
  levels: LevelConfig[];
  browser: boolean;
  /** Length of the Markdown answer the browser streams. */
  browserWords: number;
  fakePort: number;
  appPort: number;
  barePort: number;
  floorPort: number;
  out: string;
  /** Where `next start` writes a V8 CPU profile (--cpu-prof) when it exits; undefined: no profile. */
  profileDir?: string;
  /** Where Chromium writes a performance trace (with JavaScript samples) of the long answer; undefined: no trace. */
  traceFile?: string;
};

export const USAGE = `npm run bench [-- options]
  --quick            fewer streams per level and a shorter browser answer (a smoke run, not for the record)
  --levels=LIST      server levels to run, e.g. 1x20,50x20,200x5 (concurrency x pace in ms); default all
  --no-browser       skip the Chromium figures
  --browser-only     skip the server levels (the same as --levels= with nothing after it)
  --fake-port=N      port of the fake Anthropic server (default 4510)
  --app-port=N       port of next start (default 3510)
  --bare-port=N      port of the bare Node proxy (default 3511)
  --floor-port=N     port of the Next.js floor (default 3512)
  --out=FILE         where to write the results (default bench-results.json)
  --profile=DIR      run next start with --cpu-prof and write its CPU profile to DIR (figures get worse)
  --trace=FILE       record a Chromium performance trace of the long answer to FILE, and of the last first
                     token to FILE-first-token.json (figures get worse);
                     node scripts/bench/trace-summary.ts FILE lists its long tasks and where their time goes`;

/**
 * The server levels: 1, 50 and 200 concurrent streams at Claude's pace (a text delta every
 * 20 ms) and, as a stress level, every 5 ms. Answers are 300 words (150 deltas); the single
 * stream runs short answers one after another, for enough first tokens to rank.
 */
function defaultLevels(quick: boolean): LevelConfig[] {
  const rounds = quick ? 1 : 2;
  const level = (concurrency: number, paceMs: number, streams: number, words: number): LevelConfig => ({
    name: `${concurrency}x${paceMs}ms`,
    concurrency,
    paceMs,
    streams,
    words,
  });
  return [
    level(1, 20, quick ? 10 : 40, 40),
    level(50, 20, 50 * rounds, 300),
    level(200, 20, 200 * rounds, 300),
    level(1, 5, quick ? 10 : 40, 40),
    level(50, 5, 50 * rounds, 300),
    level(200, 5, 200 * rounds, 300),
  ];
}

function fail(message: string): never {
  console.error(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function port(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) fail(`${name} needs a port number, not "${value}"`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = { levels: defaultLevels(quick), browser: true, browserWords: quick ? 2_000 : 10_000, fakePort: 4510, appPort: 3510, barePort: 3511, floorPort: 3512, out: 'bench-results.json' };
  for (const arg of argv) {
    const [name, value = ''] = arg.split('=', 2) as [string, string?];
    if (name === '--quick') continue;
    else if (name === '--no-browser') options.browser = false;
    else if (name === '--browser-only') options.levels = [];
    else if (name === '--fake-port') options.fakePort = port(value, name);
    else if (name === '--app-port') options.appPort = port(value, name);
    else if (name === '--bare-port') options.barePort = port(value, name);
    else if (name === '--floor-port') options.floorPort = port(value, name);
    else if (name === '--out' && value) options.out = value;
    else if (name === '--profile' && value) options.profileDir = value;
    else if (name === '--trace' && value) options.traceFile = value;
    else if (name === '--levels') {
      const wanted = value.split(',').filter(Boolean);
      options.levels = options.levels.filter((level) => wanted.includes(level.name.replace('ms', '')));
      if (options.levels.length !== wanted.length) fail(`unknown level in "${value}"`);
    } else if (name === '--help' || name === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${arg}`);
  }
  return options;
}
