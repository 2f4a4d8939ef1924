// The floor for memory: a bare Node HTTP proxy that forwards `POST /v1/messages` to the fake
// Anthropic server and pipes the stream back, with no framework, database or checks. Started by
// scripts/measure/rss.ts as its own process: `node scripts/measure/bare-proxy.ts --port N
// --upstream http://127.0.0.1:M`. Plain Node (type stripping).
import { createServer, request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, upstream: { type: 'string' } } });
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:4010');

const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.end('ok');
    return;
  }
  const forwarded = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forwarded.on('error', () => res.destroy());
  req.pipe(forwarded);
});

server.listen(Number(values.port ?? 0), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
