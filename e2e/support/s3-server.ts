// `node e2e/support/s3-server.ts --port N`: a local S3-compatible server (s3rver) holding the
// e2e bucket, for the Rill instance that keeps attachments in S3. Its files start empty each run.
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';
import { E2E_S3 } from './config.ts';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: s3-server.ts --port <port>');
  process.exit(2);
}
const directory = `.data/e2e-s3-server-${port}`;
await rm(directory, { recursive: true, force: true });
const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: E2E_S3.bucket, configs: [] }] });
await server.run();
console.log(`S3-compatible server on http://127.0.0.1:${port}, bucket ${E2E_S3.bucket}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().finally(() => process.exit(0)));
