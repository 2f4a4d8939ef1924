// Runs before the end-to-end tests. Playwright cannot download its own browser here, so the
// tests use Debian's Chromium: installed on the spot when this is a root shell with apt-get,
// otherwise a one-sentence explanation of what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(path)) {
  const canInstall = !process.env.CHROMIUM_PATH && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(`No Chromium at ${path}. Install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`);
    process.exit(1);
  }
  console.log("Installing Debian's Chromium for the end-to-end tests (apt-get install -y chromium)");
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
