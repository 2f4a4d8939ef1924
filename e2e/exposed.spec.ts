// Rill exposed directly to the internet with its default trust settings (no proxy trusted):
// the tricks an attacker would try from one machine, each refused. The tests share the
// `exposed` server's limits for this machine's address, so they run in order, and the brute
// force on the password comes last.
import http from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { chatBody } from './support/api';
import { E2E_EXPOSED, E2E_PORTS } from './support/config';
import { requestsWithNonce, uniqueNonce } from './support/fake-log';

test.describe.configure({ mode: 'serial' });

const EXPOSED = `http://127.0.0.1:${E2E_PORTS.exposed}`;
let rotation = 0;
/** A different made-up client address on every call, as an attacker would send. */
const forgedAddress = () => `203.0.113.${(rotation++ % 250) + 1}`;

function cookieFrom(response: Response, name: string): string | undefined {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return header?.split(';')[0];
}

/** Plain fetch with no cookie jar: each request carries exactly the cookies given. */
function send(path: string, init: { method?: string; cookies?: (string | undefined)[]; body?: unknown; headers?: Record<string, string> } = {}) {
  const cookie = (init.cookies ?? []).filter(Boolean).join('; ');
  return fetch(`${EXPOSED}${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: {
      'x-forwarded-for': forgedAddress(),
      ...(cookie ? { cookie } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function signIn(): Promise<string> {
  const response = await send('/api/login', { method: 'POST', body: { password: E2E_EXPOSED.password } });
  expect(response.status).toBe(200);
  return cookieFrom(response, 'rill_access')!;
}

let access: string;
let identity: string;

test('dropping the cookie and rotating X-Forwarded-For gets no more identities than the per-address limit', async () => {
  access = await signIn();
  const issued: string[] = [];
  let refusal: Response | undefined;
  for (let i = 0; i < E2E_EXPOSED.newIdentitiesPerIp + 4; i++) {
    const response = await send('/', { cookies: [access] });
    const owner = cookieFrom(response, 'rill_owner');
    if (owner) issued.push(owner);
    else if (response.status === 429) refusal ??= response;
  }
  expect(issued).toHaveLength(E2E_EXPOSED.newIdentitiesPerIp);
  expect(refusal?.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(await refusal!.text()).toContain('Too many new visitors');
  identity = issued[0]!;
});

test('chats sent without an identity cookie are refused, and nothing goes upstream', async () => {
  for (let i = 0; i < 3; i++) {
    const nonce = uniqueNonce('no-cookie');
    const response = await send('/api/chat', { method: 'POST', cookies: [access], body: chatBody(`[[nonce:${nonce}]]`) });
    expect(response.status).toBe(401);
    expect((await response.json()).error.type).toBe('unauthorized');
    expect(await requestsWithNonce(nonce)).toEqual([]);
  }
});

test('rotating X-Forwarded-For on chat does not reset the per-address limit', async () => {
  const accepted: string[] = [];
  const refused: string[] = [];
  for (let i = 0; i < E2E_EXPOSED.requestsPerIp + 3; i++) {
    const nonce = uniqueNonce('rotating');
    const response = await send('/api/chat', { method: 'POST', cookies: [access, identity], body: chatBody(`[[nonce:${nonce}]] [[pace:0]]`) });
    await response.text();
    (response.status === 200 ? accepted : refused).push(nonce);
    if (response.status !== 200) expect(response.status).toBe(429);
  }
  expect(accepted).toHaveLength(E2E_EXPOSED.requestsPerIp);
  for (const nonce of refused) expect(await requestsWithNonce(nonce)).toEqual([]);
});

/** A request with a Host header of its own choosing (fetch would replace it). */
function statusForHost(path: string, host: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${EXPOSED}${path}`, { headers: { host, cookie } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
}

test('a host name this Rill was not configured for is refused, pages and API alike (DNS rebinding)', async () => {
  for (const path of ['/', '/login', '/api/conversations']) {
    expect(await statusForHost(path, 'rebound.example', `${access}; ${identity}`), path).toBe(421);
    expect(await statusForHost(path, `127.0.0.1:${E2E_PORTS.exposed}`, `${access}; ${identity}`), path).toBe(200);
  }
});

/** The browser keeps the identity made above: the address has used up its new ones. */
const withIdentity = (page: Page) => page.context().addCookies([{ name: 'rill_owner', value: identity.split('=')[1]!, url: EXPOSED }]);

test('after sign-in, hostile next values stay on this site', async ({ page }) => {
  for (const next of ['/%5Cevil.example/', '/%09/evil.example/', '/\\evil.example/']) {
    await page.context().clearCookies();
    await withIdentity(page);
    await page.goto(`${EXPOSED}/login?next=${next}`);
    await page.getByLabel('Password').fill(E2E_EXPOSED.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    expect(new URL(page.url()).origin, next).toBe(EXPOSED);
  }
});

test('signing out revokes the session: a copy of its cookie opens nothing, and forged ones never did', async ({ page }) => {
  await withIdentity(page);
  await page.goto(`${EXPOSED}/login`);
  await page.getByLabel('Password').fill(E2E_EXPOSED.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEditable();
  const copied = (await page.context().cookies()).find((cookie) => cookie.name === 'rill_access')!;
  const copy = `rill_access=${copied.value}`;
  expect((await send('/api/conversations', { cookies: [copy, identity] })).status).toBe(200);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login$/);
  const afterwards = await send('/api/conversations', { cookies: [copy, identity] });
  expect(afterwards.status).toBe(401);
  expect((await afterwards.json()).error.type).toBe('password_required');
  // The page itself goes back to the sign-in: the proxy saw a well-signed cookie, the page the revocation.
  expect((await send('/', { cookies: [copy, identity] })).headers.get('location')).toMatch(/\/login$/);

  const [id, expires] = copied.value.split('.');
  const forged = `rill_access=${id}.${Number(expires) + 1}.${'A'.repeat(43)}`;
  expect((await send('/api/conversations', { cookies: [forged, identity] })).status).toBe(401);
});

test('rotating X-Forwarded-For on sign-in gets no more guesses than the limit, and each wrong one waits longer', async () => {
  const statuses: number[] = [];
  const waits: number[] = [];
  let lastRefusal: Response | undefined;
  for (let i = 0; i < 40; i++) {
    const response = await send('/api/login', { method: 'POST', body: { password: `guess-${i}` } });
    statuses.push(response.status);
    if (response.status === 401) waits.push(Number(response.headers.get('retry-after') ?? 0));
    if (response.status === 429) lastRefusal = response;
    expect(response.headers.getSetCookie().join()).not.toContain('rill_access');
  }
  // The first guesses are free; then each wrong one makes the next wait twice as long, and
  // attempts during the wait are refused unread.
  expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
  expect(waits.slice(0, 5)).toEqual([0, 0, 0, 1, 2].slice(0, Math.min(5, waits.length)));
  expect(waits.length).toBeLessThanOrEqual(E2E_EXPOSED.loginsPerIp);
  expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(40 - E2E_EXPOSED.loginsPerIp);
  expect((await lastRefusal!.json()).error.message).toMatch(/Wait \d+ s|Try again in \d+ s/);
  // While it waits, even the right password is refused.
  expect((await send('/api/login', { method: 'POST', body: { password: E2E_EXPOSED.password } })).status).toBe(429);
});
