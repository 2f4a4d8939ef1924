import { expect, test } from './support/test';
import { describeFailures, runConcurrentConversations } from '../scripts/load/load-test.ts';
import { ownerCookie } from './support/api';
import { E2E_PORTS, FAKE_ANTHROPIC_URL } from './support/config';

// The CI-sized version of `npm run load` (scripts/load/main.ts): many conversations at once, each
// answer streamed whole and stored exactly once, each from exactly one upstream request.
test('50 concurrent conversations: every answer arrives and is stored exactly once', async ({ request }) => {
  const baseURL = `http://127.0.0.1:${E2E_PORTS.app}`;
  const cookie = await ownerCookie(request, baseURL);

  const run = await runConcurrentConversations({
    baseURL,
    cookie,
    count: 50,
    words: 120,
    paceMs: 10,
    fakeAnthropicURL: FAKE_ANTHROPIC_URL,
    label: 'e2e-load',
    timeoutMs: 20_000,
    storedTimeoutMs: 5_000,
  });

  expect(run.failures, describeFailures(run.failures)).toEqual([]);
  expect(run.results).toHaveLength(50);
  for (const result of run.results) {
    expect(result.receivedText).toBe(result.expectedText);
    expect(result.storedText).toBe(result.expectedText);
    expect(result.upstreamRequests).toBe(1);
  }
  expect(new Set(run.results.map((result) => result.id)).size).toBe(50);
});
