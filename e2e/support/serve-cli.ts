// The command-line entry shared by the fake servers: `--port N` (or an environment variable),
// a line saying where it listens, and a clean shutdown on SIGTERM or SIGINT.

type Server = { port: number; close(): Promise<void> };

function parsePort(label: string, argv: readonly string[], fromEnv: string | undefined, fallback: number): number {
  let value = fromEnv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--port') value = argv[++i];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
  }
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${label}: invalid port "${value}"`);
    process.exit(2);
  }
  return port;
}

export async function serveFromCommandLine(
  label: string,
  options: { portEnv: string; defaultPort: number },
  start: (options: { port: number; host: string }) => Promise<Server>,
): Promise<void> {
  const host = '127.0.0.1';
  const port = parsePort(label, process.argv.slice(2), process.env[options.portEnv], options.defaultPort);
  const server = await start({ port, host });
  console.log(`${label} listening on http://${host}:${server.port}`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) process.exit(1); // A second signal: stop waiting.
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${label}: error while closing after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
