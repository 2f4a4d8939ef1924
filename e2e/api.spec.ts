import { readdirSync } from 'node:fs';
import { expect, test, type APIResponse } from './support/test';
import { chatBody, ownerCookie, signIn } from './support/api';
import { ChatPage } from './support/chat-page';
import { E2E_APP_PASSWORD, E2E_LIMITED_MESSAGES_PER_MINUTE, E2E_PORTS } from './support/config';
import { requestsWithNonce, theRequest, uniqueNonce } from './support/fake-log';


test('a malformed body gets a 400 that names the field, and nothing goes upstream', async ({ request }) => {
  const nonce = uniqueNonce('bad-body');
  const body = chatBody(`[[nonce:${nonce}]]`);
  const response = await request.post('/api/chat', { data: { ...body, message: { ...body.message, role: 'wizard' } } });
  expect(response.status()).toBe(400);
  const json = await response.json();
  expect(json.error.type).toBe('invalid_request');
  expect(json.error.message).toContain('message.role');

  const notJson = await request.post('/api/chat', { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"id":') });
  expect(notJson.status()).toBe(400);
  expect((await notJson.json()).error.type).toBe('invalid_json');
  expect(await requestsWithNonce(nonce)).toEqual([]);
});

test('a body over 1 MiB gets a 413 and nothing goes upstream', async ({ request }) => {
  const nonce = uniqueNonce('too-large');
  const response = await request.post('/api/chat', { data: chatBody(`[[nonce:${nonce}]] ${'x'.repeat(1024 * 1024)}`) });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.type).toBe('request_too_large');
  expect(await requestsWithNonce(nonce)).toEqual([]);
});

test('the stream is sent unbuffered as a UI message stream', async ({ request }) => {
  const response = await request.post('/api/chat', { data: chatBody(`[[nonce:${uniqueNonce('headers')}]]`) });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/event-stream');
  expect(response.headers()['cache-control']).toBe('no-cache, no-transform');
  expect(response.headers()['x-accel-buffering']).toBe('no');
  expect(response.headers()['access-control-allow-origin']).toBeUndefined();
  const text = await response.text();
  expect(text).toContain('data: {"type":"text-delta"');
  expect(text.trim().endsWith('data: [DONE]')).toBe(true);
});

test('beyond the concurrency limit a request waits, then gets a clear 503', async ({ request }) => {
  const limited = `http://127.0.0.1:${E2E_PORTS.limited}`;
  const nonce = uniqueNonce('busy');
  const chatId = `chat-${nonce}`;
  await signIn(request, limited, E2E_APP_PASSWORD);
  const cookie = await ownerCookie(request, limited);
  const first = fetch(`${limited}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(chatBody(`[[scenario:endless]] [[nonce:${nonce}]]`, chatId)),
  }).then((r) => r.text());
  await theRequest(nonce, (e) => e.firstTextDeltaAt !== undefined);

  const queuedNonce = uniqueNonce('queued');
  const rejected = await request.post(`${limited}/api/chat`, { data: chatBody(`[[nonce:${queuedNonce}]]`) });
  expect(rejected.status()).toBe(503);
  expect(rejected.headers()['retry-after']).toBe('5');
  expect((await rejected.json()).error).toEqual({ type: 'server_busy', message: 'Rill is handling as many conversations as it can.', retryAfterSeconds: 5 });
  expect(await requestsWithNonce(queuedNonce)).toEqual([]);

  await request.post(`${limited}/api/chat/stop`, { data: { id: chatId } });
  await first;
  const afterwards = await request.post(`${limited}/api/chat`, { data: chatBody(`[[nonce:${uniqueNonce('after')}]]`) });
  expect(afterwards.status()).toBe(200);
});

test('every recorded Anthropic stream replays through Rill to a complete UI message stream', async ({ request }) => {
  const fixtures = readdirSync(new URL('./fixtures/anthropic/sse/', import.meta.url));
  expect(fixtures.length).toBeGreaterThanOrEqual(16);
  for (const fixture of fixtures) {
    const response = await request.post('/api/chat', { data: chatBody(`[[fixture:${fixture}]] [[pace:0]] [[nonce:${uniqueNonce('fixture')}]]`) });
    expect(response.status(), fixture).toBe(200);
    const events = (await response.text())
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map((block) => JSON.parse(block.slice('data: '.length)) as { type: string });
    expect(events[0]?.type, fixture).toBe('start');
    expect(events.at(-1)?.type, fixture).toBe('finish');
    expect(events.filter((e) => e.type === 'error'), fixture).toEqual([]);
  }
});

test('a browser that sends too fast gets a 429 with Retry-After, and nothing goes upstream', async ({ request, page }) => {
  const limited = `http://127.0.0.1:${E2E_PORTS.limited}`;
  await signIn(request, limited, E2E_APP_PASSWORD);
  const nonces: string[] = [];
  let refused: APIResponse | undefined;
  for (let i = 0; i < E2E_LIMITED_MESSAGES_PER_MINUTE + 1 && !refused; i++) {
    const nonce = uniqueNonce('burst');
    const response = await request.post(`${limited}/api/chat`, { data: chatBody(`[[nonce:${nonce}]] [[pace:0]]`) });
    if (response.status() === 429) refused = response;
    else nonces.push(nonce);
  }
  expect(refused, 'the limit never applied').toBeDefined();
  expect(nonces.length).toBeLessThanOrEqual(E2E_LIMITED_MESSAGES_PER_MINUTE);
  const wait = Number(refused!.headers()['retry-after']);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect((await refused!.json()).error).toEqual({ type: 'rate_limited', message: "You're sending requests too quickly.", retryAfterSeconds: wait });

  // In the browser, the same limit reads as a sentence that counts the wait down, and Retry waits for it.
  await page.context().addCookies((await request.storageState()).cookies);
  await page.goto(`${limited}/`);
  const chat = new ChatPage(page);
  await chat.send('One more');
  await expect(chat.alert).toContainText(/too quickly\. Try again in \d+ s/);
  await expect(chat.alert.getByRole('button', { name: 'Retry' })).toBeDisabled();
});

test('a new chat that reuses a message id gets a clear 409, and nothing is created', async ({ request }) => {
  const first = chatBody(`[[nonce:${uniqueNonce('reused-id')}]]`);
  expect((await request.post('/api/chat', { data: first })).status()).toBe(200);
  const reused = { ...chatBody(`[[nonce:${uniqueNonce('reused-id-2')}]]`), message: first.message };
  const response = await request.post('/api/chat', { data: reused });
  expect(response.status()).toBe(409);
  expect((await response.json()).error).toMatchObject({ type: 'message_id_taken', message: expect.stringMatching(/new id/) });
  expect((await request.get(`/api/conversations/${reused.id}`)).status()).toBe(404);
});
