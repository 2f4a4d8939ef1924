// Sending one fuzzed request and judging its answer, for e2e/fuzz.spec.ts.
import type { APIRequestContext } from '@playwright/test';
import fc from 'fast-check';
import { E2E_TEST_API_KEY } from '../config';
import { preview } from './arbitraries';

/** How many times the default number of runs (`FUZZ_RUNS=10` for a longer hunt). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 1;

const PROPERTY_DEADLINE_MS = 40_000;

/** However hostile the input, an answer must come within this. */
export const ANSWER_WITHIN_MS = 15_000;

export type Answer = { status: number; contentType: string; text: string; headers: Record<string, string> };

export type Sent = { method: string; url: string; body?: Buffer | undefined; headers?: Record<string, string> | undefined };

export function describeSent(sent: Sent): string {
  const body = sent.body ? ` body ${preview(sent.body.toString('utf8'), 120)} (${sent.body.length} bytes)` : '';
  const headers = sent.headers && Object.keys(sent.headers).length ? ` headers ${JSON.stringify(sent.headers)}` : '';
  return `${sent.method} ${preview(sent.url, 160)}${headers}${body}`;
}

/** Sends the request as given (no redirects followed) and reads the whole answer, streams included. */
export async function send(request: APIRequestContext, sent: Sent): Promise<Answer> {
  try {
    const response = await request.fetch(sent.url, {
      method: sent.method,
      headers: sent.headers ?? {},
      ...(sent.body !== undefined ? { data: sent.body } : {}),
      timeout: ANSWER_WITHIN_MS,
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    const headers = response.headers();
    return { status: response.status(), contentType: headers['content-type'] ?? '', text: await response.text(), headers };
  } catch (error) {
    throw new Error(`no complete answer within ${ANSWER_WITHIN_MS / 1000} s (${error instanceof Error ? error.message.split('\n')[0] : String(error)}) to ${describeSent(sent)}`);
  }
}

function fail(sent: Sent, answer: Answer, why: string): never {
  throw new Error(`${why}: HTTP ${answer.status} ${preview(answer.text, 300)} for ${describeSent(sent)}`);
}

/** An error answer as every Rill endpoint gives it: JSON `{ error: { type, message } }`, no secrets. */
export function expectErrorBody(sent: Sent, answer: Answer): { type: string; message: string } {
  if (!answer.contentType.includes('application/json')) fail(sent, answer, `an error answer that is not JSON (${answer.contentType || 'no content type'})`);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    fail(sent, answer, 'an error answer whose body does not parse as JSON');
  }
  const error = (json as { error?: { type?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.type !== 'string' || !error.type || typeof error.message !== 'string' || !error.message) {
    fail(sent, answer, 'an error answer without { error: { type, message } }');
  }
  if (answer.text.includes(E2E_TEST_API_KEY)) fail(sent, answer, 'an error answer that leaks the API key');
  return { type: error.type, message: error.message };
}

/**
 * The property every route must keep: never a 5xx (and never a hang, see `send`); a 4xx carries
 * the JSON error body; a 2xx is allowed only when `success` is given, and must satisfy it.
 */
export function expectGraceful(sent: Sent, answer: Answer, success?: (answer: Answer) => void): void {
  if (answer.status >= 500) fail(sent, answer, 'a server error');
  if (answer.status >= 400) {
    expectErrorBody(sent, answer);
    return;
  }
  if (answer.status >= 200 && answer.status < 300 && success) {
    try {
      success(answer);
    } catch (error) {
      fail(sent, answer, `a success answer that is wrong (${error instanceof Error ? error.message : String(error)})`);
    }
    return;
  }
  fail(sent, answer, 'an unexpected status');
}

export function expectJson(answer: Answer): unknown {
  if (!answer.contentType.includes('application/json')) throw new Error(`content type ${answer.contentType}`);
  return JSON.parse(answer.text) as unknown;
}

/**
 * Options for one property: its number of runs, `FUZZ_SEED` to replay a reported failure
 * (with `-g` naming its test) and `FUZZ_RUNS` to multiply the runs for a longer hunt. A
 * property stops after PROPERTY_DEADLINE_MS (runs and the shrinking of a failure together), so
 * a failure is reported promptly; fast-check prints the seed and the shrunk counterexample.
 */
export function fuzzRuns<Ts>(numRuns: number): fc.Parameters<Ts> {
  const seed = Number(process.env.FUZZ_SEED);
  return {
    numRuns: Math.max(1, Math.round(numRuns * FUZZ_RUNS)),
    ...(process.env.FUZZ_SEED && Number.isInteger(seed) ? { seed } : {}),
    // The plugin works for any property; its declared type is for `unknown` inputs only.
    plugins: [fc.interruptAfterTimeLimit(PROPERTY_DEADLINE_MS * FUZZ_RUNS) as unknown as fc.Plugin<Ts>],
  };
}
