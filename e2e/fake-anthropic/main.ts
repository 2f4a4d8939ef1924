// CLI entry: `npm run fake-anthropic [-- --port N]` (or FAKE_ANTHROPIC_PORT=N). Default port 4010.

import { startFakeAnthropic } from './server.ts';

const DEFAULT_PORT = 4010;

function parsePort(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let value: string | undefined = env.FAKE_ANTHROPIC_PORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--port') value = argv[++i];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
  }
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`fake-anthropic: invalid port "${value}"`);
    process.exit(2);
  }
  return port;
}

const host = '127.0.0.1';
const server = await startFakeAnthropic({ port: parsePort(process.argv.slice(2), process.env), host });
console.log(`fake-anthropic listening on http://${host}:${server.port}`);

let closing = false;
function shutdown(signal: string): void {
  if (closing) {
    process.exit(1); // A second signal: stop waiting.
  }
  closing = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`fake-anthropic: error while closing after ${signal}:`, error);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
