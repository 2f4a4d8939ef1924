// CLI entry: `node e2e/fake-open-meteo/main.ts [--port N]` (or FAKE_OPEN_METEO_PORT=N). Default port 4020.

import { startFakeOpenMeteo } from './server.ts';

const DEFAULT_PORT = 4020;

function parsePort(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let value: string | undefined = env.FAKE_OPEN_METEO_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--port') value = argv[++i];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
  }
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`fake-open-meteo: invalid port "${value}"`);
    process.exit(2);
  }
  return port;
}

const host = '127.0.0.1';
const server = await startFakeOpenMeteo({ port: parsePort(process.argv.slice(2), process.env), host });
console.log(`fake-open-meteo listening on http://${host}:${server.port}`);

let closing = false;
function shutdown(signal: string): void {
  if (closing) process.exit(1); // A second signal: stop waiting.
  closing = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`fake-open-meteo: error while closing after ${signal}:`, error);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
