// The bench measures the production build: it runs `npm run build` first when there is none,
// or when a source file is newer than the build. Plain Node (type stripping).

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The Next.js floor (scripts/bench/next-floor): a route handler that only proxies, measured beside Rill. */
export const NEXT_FLOOR_DIR = join('scripts', 'bench', 'next-floor');

/** What goes into the build. Tests, e2e and scripts do not. */
const SOURCES = ['app', 'components', 'lib', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'postcss.config.mjs', 'tailwind.config.ts', 'package-lock.json'];

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (/\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  }
  return newest;
}

/** Why the build must be (re)made, or undefined when it is current. */
function staleness(root: string): string | undefined {
  const buildId = join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'there is no production build';
  const builtAt = statSync(buildId).mtimeMs;
  const changed = SOURCES.find((source) => newestMtimeMs(join(root, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

export function ensureFreshBuild(root: string): void {
  const reason = staleness(root);
  if (!reason) return;
  console.log(`bench: ${reason}; running npm run build`);
  // The package's own build script, so that the bench builds exactly as a deployment does.
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
}

/** Builds the Next.js floor when it has no build or its app changed since. */
export function ensureNextFloorBuild(root: string): void {
  const dir = join(root, NEXT_FLOOR_DIR);
  const buildId = join(dir, '.next', 'BUILD_ID');
  if (existsSync(buildId) && newestMtimeMs(join(dir, 'app')) <= statSync(buildId).mtimeMs) return;
  console.log('bench: building the Next.js floor');
  const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  execFileSync(process.execPath, [nextBin, 'build', '--webpack', dir], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
}
