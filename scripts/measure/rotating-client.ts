// `node scripts/measure/rotating-client.ts` (after `npm run build`): one machine that rotates
// X-Forwarded-For on every request and keeps no cookies (but the access cookie of one honest
// sign-in), against `next start` with the default limits and APP_PASSWORD. For a minute each, it
// counts how many chats and how many password guesses Rill accepts; the per-address limits should
// be all it gets. Plain Node (type stripping).
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/processes.ts';
import { startFake, startRill } from '../bench/servers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PASSWORD = 'measure-password-1';
const MINUTE_MS = Number(process.env.MEASURE_MS ?? 60_000);

let rotation = 0;
const forged = () => `198.51.${(rotation >> 8) & 255}.${rotation++ & 255}`;

const cookieOf = (response: Response, name: string) => response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0];

async function main(): Promise<void> {
  const fake = await startFake(ROOT, await freePort());
  // Default limits: no BENCH overrides here, only the password.
  const rill = await startRill(ROOT, await freePort(), fake.origin, {
    env: {
      APP_PASSWORD: PASSWORD,
      RILL_RATE_LIMIT_PER_USER: '',
      RILL_RATE_LIMIT_PER_IP: '',
      RILL_MAX_CONCURRENT_STREAMS: '',
      RILL_QUEUE_TIMEOUT_MS: '',
      RILL_MAX_GENERATIONS_PER_IDENTITY: '',
      RILL_MAX_GENERATIONS_PER_IP: '',
    },
  });
  try {
    const send = (path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) =>
      fetch(`${rill.origin}${path}`, {
        method: init.method ?? 'GET',
        redirect: 'manual',
        headers: { 'x-forwarded-for': forged(), ...(init.cookie ? { cookie: init.cookie } : {}), 'content-type': 'application/json' },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });

    const signIn = await send('/api/login', { method: 'POST', body: { password: PASSWORD } });
    const access = cookieOf(signIn, 'rill_access');
    if (!access) throw new Error(`the honest sign-in failed: HTTP ${signIn.status}`);

    // Chats: every request from a "new" address with no identity cookie; a page load is tried first for a fresh identity.
    const chats = { accepted: 0, refused: 0, identities: 0 };
    const chatsEnd = Date.now() + MINUTE_MS;
    for (let i = 0; Date.now() < chatsEnd; i++) {
      const page = await send('/', { cookie: access });
      await page.body?.cancel();
      const owner = cookieOf(page, 'rill_owner');
      if (owner) chats.identities++;
      const id = `measure-${i}-${Date.now().toString(36)}`;
      const chat = await send('/api/chat', {
        method: 'POST',
        cookie: [access, owner].filter(Boolean).join('; '),
        body: { id, message: { id: `${id}-m`, role: 'user', parts: [{ type: 'text', text: 'hi [[pace:0]]' }] } },
      });
      await chat.text();
      if (chat.status === 200) chats.accepted++;
      else chats.refused++;
    }

    // Password guesses: each from a "new" address, no cookies at all.
    const logins = { evaluated: 0, refused: 0 };
    const loginsEnd = Date.now() + MINUTE_MS;
    for (let i = 0; Date.now() < loginsEnd; i++) {
      const guess = await send('/api/login', { method: 'POST', body: { password: `guess-${i}` } });
      await guess.text();
      if (guess.status === 401) logins.evaluated++;
      else if (guess.status === 429) logins.refused++;
      else throw new Error(`unexpected HTTP ${guess.status} to a guess`);
    }

    const perMinute = (n: number) => ((n * 60_000) / MINUTE_MS).toFixed(1);
    console.log(`Over ${MINUTE_MS / 1000} s each, rotating X-Forwarded-For on every request and keeping no identity cookie:`);
    console.log(`  chats accepted: ${chats.accepted} (${perMinute(chats.accepted)}/min), refused: ${chats.refused}; new identities issued: ${chats.identities}`);
    console.log(`  password guesses evaluated: ${logins.evaluated} (${perMinute(logins.evaluated)}/min), refused before evaluation: ${logins.refused}`);
  } finally {
    await rill.stop();
    await fake.stop();
  }
}

await main();
