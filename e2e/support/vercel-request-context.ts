// Loaded with `node --import` into a `next start`, this stands in for Vercel's runtime: it
// offers Next.js the request context through which a function hands work to the platform
// (`waitUntil`), and logs, one JSON line each, when a promise is handed over and when it settles.
// On Vercel, work that was not handed over may be frozen once the response has ended.
import { appendFileSync } from 'node:fs';

const log = process.env.RILL_E2E_WAIT_UNTIL_LOG;
if (!log) throw new Error('RILL_E2E_WAIT_UNTIL_LOG must name the file to log waitUntil calls to');

let next = 0;
const waitUntil = (promise: Promise<unknown>) => {
  const id = next++;
  appendFileSync(log, `${JSON.stringify({ id, event: 'registered', at: Date.now() })}\n`);
  void Promise.resolve(promise).finally(() => appendFileSync(log, `${JSON.stringify({ id, event: 'settled', at: Date.now() })}\n`));
};

(globalThis as Record<symbol, unknown>)[Symbol.for('@next/request-context')] = { get: () => ({ waitUntil }) };
