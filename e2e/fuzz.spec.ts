// Property-based fuzzing of every API route's input handling, over real HTTP against the
// production build. For any input, random or hostile, a route answers within 15 s with a 4xx
// and the JSON error body `{ error: { type, message } }`, or with a 2xx when the input happens
// to be valid, and never with a 5xx. Replay a failure with the seed fast-check prints:
// `FUZZ_SEED=<seed> npx playwright test fuzz -g '<test name>'`; hunt longer with `FUZZ_RUNS=10`.
import { expect, test, type APIRequestContext } from './support/test';
import fc from 'fast-check';
import { chatBody } from './support/api';
import { E2E_PORTS } from './support/config';
import { fakeRequests } from './support/fake-log';
import { isPublicAddress } from '../lib/tools/safe-fetch';
import {
  RUN,
  contentType,
  corruptedBody,
  corruption,
  conversationListQuery,
  deepNesting,
  describeCorruption,
  headerText,
  hostileString,
  hostileValue,
  isDotSegment,
  jsonText,
  nonObjectBody,
  pathId,
  preview,
  shown,
  type Corruption,
  type RawBody,
} from './support/fuzz/arbitraries';
import { ANSWER_WITHIN_MS, FUZZ_RUNS, describeSent, expectErrorBody, expectGraceful, expectJson, fuzzRuns, send, type Answer, type Sent } from './support/fuzz/http';

const GATED = `http://127.0.0.1:${E2E_PORTS.limited}`;

// Each property runs dozens of requests, some of them streams, and shrinks on failure.
test.describe.configure({ timeout: 90_000 * FUZZ_RUNS });

/** A fresh client address per request, so that no per-IP limit this suite trips is shared with other tests. */
const clientAddress = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map(([a, b]) => `198.18.${a}.${b}`);

// ---- chat ------------------------------------------------------------------------------------

const nonceArb = fc.stringMatching(/^[a-z0-9]{10}$/).map((suffix) => `fuzz-${RUN}-${suffix}`);
const freshId = (label: string) => fc.stringMatching(/^[A-Za-z0-9_-]{6,12}$/).map((suffix) => `fz${label}-${RUN}-${suffix}`);

const CHAT_PATHS = [
  'id', 'message', 'message.id', 'message.role', 'message.parts', 'message.parts.0', 'message.parts.0.type', 'message.parts.0.text',
  'message.metadata', 'trigger', 'messageId', 'model', 'system', 'maxTokens', 'thinking', 'thinking.enabled', 'thinking.budgetTokens',
  'webSearch',
] as const;
const CHAT_OBJECTS = ['', 'message', 'message.parts.0', 'thinking'] as const;
const CHAT_STRINGS = ['id', 'message.id', 'message.parts.0.text', 'model', 'system', 'trigger'] as const;

/** A valid chat body with every optional field set to a valid value, then some of them dropped. */
const validChatBase = fc
  .record({
    nonce: nonceArb,
    id: freshId('c'),
    messageId: freshId('m'),
    trigger: fc.constantFrom('submit-message', 'regenerate-message'),
    model: fc.constantFrom('claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-opus-5-5', 'claude-3-7-sonnet-latest'),
    system: fc.string({ maxLength: 40 }),
    maxTokens: fc.integer({ min: 1, max: 100_000 }),
    thinking: fc.record({ enabled: fc.boolean(), budgetTokens: fc.integer({ min: 1_024, max: 128_000 }) }),
    webSearch: fc.boolean(),
    regenerate: freshId('r'),
    drop: fc.subarray(['trigger', 'messageId', 'model', 'system', 'maxTokens', 'thinking', 'webSearch']),
  })
  .map(({ nonce, id, messageId, regenerate, drop, ...optional }) => {
    const body: Record<string, unknown> = {
      id,
      message: { id: messageId, role: 'user', parts: [{ type: 'text', text: `[[nonce:${nonce}]] [[pace:0]] Hello` }] },
      ...optional,
      messageId: regenerate,
    };
    for (const key of drop) delete body[key];
    return { nonce, body };
  });

/** `nonce` is the directive in the body's text, when it has one. */
type ChatCase = { body: Buffer; contentType: string | undefined; describe: string; nonce?: string };

/** Keeps the nonce in any text that ends up valid, so the fake's log never mixes this run with another test. */
function keepNonce(change: Corruption, nonce: string): Corruption {
  if (change.op !== 'set' || change.path !== 'message.parts.0.text') return change;
  try {
    const value: unknown = JSON.parse(change.raw);
    return typeof value === 'string' ? { ...change, raw: JSON.stringify(`[[nonce:${nonce}]] [[pace:0]] ${value}`) } : change;
  } catch {
    return change;
  }
}

const chatCase: fc.Arbitrary<ChatCase> = fc.oneof(
  // Anything but a JSON object: empty, binary, values of other types, broken JSON, odd content types.
  { weight: 2, arbitrary: nonObjectBody.map((body: RawBody): ChatCase => ({ body: body.bytes, contentType: body.contentType, describe: body.describe })) },
  // Random JSON objects.
  {
    weight: 1,
    arbitrary: fc
      .dictionary(fc.oneof(fc.constantFrom(...CHAT_PATHS.filter((path) => !path.includes('.'))), fc.string({ maxLength: 10 })), fc.jsonValue({ maxDepth: 3 }))
      .map((value): ChatCase => ({ body: Buffer.from(JSON.stringify(value)), contentType: 'application/json', describe: `object ${preview(JSON.stringify(value))}` })),
  },
  // A valid body with one field corrupted.
  {
    weight: 6,
    arbitrary: fc
      .tuple(validChatBase, corruption(CHAT_PATHS, CHAT_OBJECTS, CHAT_STRINGS), contentType)
      .map(([{ nonce, body }, change, type]): ChatCase => {
        const kept = keepNonce(change, nonce);
        return { body: corruptedBody(body, kept), contentType: type, describe: describeCorruption(kept), nonce };
      }),
  },
  // A valid body whose free-form fields are hostile: text, system prompt, extra parts, metadata.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        validChatBase,
        hostileString,
        fc.option(hostileString.map((text) => text.slice(0, 20_000))),
        fc.array(hostileString, { maxLength: 3 }),
        fc.oneof(jsonText, deepNesting, hostileValue),
      )
      .map(([{ nonce, body }, text, system, more, metadata]): ChatCase => {
        const message = body.message as { parts: { type: string; text: string }[] };
        message.parts = [{ type: 'text', text: `[[nonce:${nonce}]] [[pace:0]] ${text.slice(0, 190_000)}` }, ...more.map((extra) => ({ type: 'text', text: extra }))];
        if (system !== null) body.system = system;
        const change: Corruption = { op: 'set', path: 'message.metadata', raw: metadata };
        return {
          body: corruptedBody(body, change),
          contentType: 'application/json',
          nonce,
          describe: `valid body, text ${preview(text, 60)}, system ${system === null ? 'none' : preview(system, 40)}, ${more.length} more parts, metadata ${preview(metadata, 60)}`,
        };
      }),
  },
).map((value) => shown(value, (input) => `${input.describe} [${input.body.length} bytes, content-type ${input.contentType ?? 'none'}]`));

function expectCompleteStream(answer: Answer): void {
  expect(answer.contentType).toContain('text/event-stream');
  expect(answer.text.trim().endsWith('data: [DONE]'), 'the stream ends with [DONE]').toBe(true);
  const errors = answer.text.split('\n\n').filter((event) => event.startsWith('data: {"type":"error"'));
  expect(errors, 'the stream carries no error event').toEqual([]);
}

/** Every conversation the owner has: still listed, readable and exportable, whatever went into it. */
async function expectAllReadable(request: APIRequestContext): Promise<number> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const list: Sent = { method: 'GET', url: `/api/conversations?limit=100${cursor ? `&cursor=${cursor}` : ''}` };
    const answer = await send(request, list);
    expect(answer.status, describeSent(list)).toBe(200);
    const page = expectJson(answer) as { conversations: { id: string }[]; nextCursor: string | null };
    ids.push(...page.conversations.map((conversation) => conversation.id));
    cursor = page.nextCursor;
  } while (cursor);
  for (const id of ids) {
    for (const url of [`/api/conversations/${id}`, `/api/conversations/${id}/export`, `/api/conversations/${id}/export?format=json`]) {
      const answer = await send(request, { method: 'GET', url });
      expect(answer.status, `GET ${url}: ${preview(answer.text)}`).toBe(200);
    }
  }
  return ids.length;
}

/** The refusals of the body itself: such a request must never have reached Anthropic. */
const REFUSED_BODY = new Set(['invalid_request', 'invalid_json', 'request_too_large']);

test('random and hostile chat request bodies get a clear 4xx, never a 5xx or a hang', async ({ request }) => {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  await fc.assert(
    fc.asyncProperty(chatCase, async (input) => {
      const sent: Sent = {
        method: 'POST',
        url: '/api/chat',
        body: input.body,
        headers: input.contentType === undefined ? {} : { 'content-type': input.contentType },
      };
      const answer = await send(request, sent);
      expectGraceful(sent, answer, (ok) => {
        expectCompleteStream(ok);
        if (input.nonce) accepted.add(input.nonce);
      });
      if (input.nonce && answer.status >= 400 && REFUSED_BODY.has(expectErrorBody(sent, answer).type)) refused.add(input.nonce);
    }),
    fuzzRuns(100),
  );
  // A refused body went nowhere (a nonce may recur in a later, valid body: those are left out).
  const leaked = (await fakeRequests()).filter((entry) => entry.nonce && refused.has(entry.nonce) && !accepted.has(entry.nonce));
  expect(leaked.map((entry) => entry.nonce), 'refused bodies that reached Anthropic').toEqual([]);
  // Whatever was accepted was stored in a form that reads back.
  const stored = await expectAllReadable(request);
  expect(stored, 'valid bodies started streams and were saved').toBeGreaterThan(0);
  test.info().annotations.push({
    type: 'fuzz',
    description: `${accepted.size} valid bodies streamed, ${refused.size} refused; ${stored} conversations read back`,
  });
});

// ---- stop ------------------------------------------------------------------------------------

const stopCase = fc
  .oneof(
    { weight: 2, arbitrary: nonObjectBody.map((body) => ({ bytes: body.bytes, contentType: body.contentType, describe: body.describe })) },
    {
      weight: 4,
      arbitrary: fc.tuple(freshId('s'), corruption(['id'], [''], ['id']), contentType).map(([id, change, type]) => ({
        bytes: corruptedBody({ id }, change),
        contentType: type,
        describe: describeCorruption(change),
      })),
    },
    { weight: 1, arbitrary: freshId('s').map((id) => ({ bytes: Buffer.from(JSON.stringify({ id })), contentType: 'application/json', describe: `id ${id}` })) },
  )
  .map((value) => shown(value, (input) => `${input.describe} [${input.bytes.length} bytes]`));

test('random and hostile stop requests get a clear 4xx, never a 5xx or a hang', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(stopCase, async (input) => {
      const sent: Sent = { method: 'POST', url: '/api/chat/stop', body: input.bytes, headers: input.contentType ? { 'content-type': input.contentType } : {} };
      expectGraceful(sent, await send(request, sent), (ok) => {
        expect(expectJson(ok)).toEqual({ stopped: false });
      });
    }),
    fuzzRuns(60),
  );
});

// ---- conversation ids in the URL --------------------------------------------------------------

/** The routes that take an id in the path, each with a harmless valid body where one is needed. */
function isValidPercentEncoding(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

function idRoutes(segment: string): Sent[] {
  const base = `/api/conversations/${segment}`;
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const headers = { 'content-type': 'application/json' };
  return [
    { method: 'GET', url: base },
    { method: 'PATCH', url: base, body: json({ title: `fuzz ${RUN}` }), headers },
    { method: 'DELETE', url: base },
    { method: 'GET', url: `${base}/export?format=json` },
    { method: 'POST', url: `${base}/compact`, body: json({ mode: 'trim' }), headers },
    { method: 'POST', url: `${base}/branch`, body: json({ messageId: 'fuzz-message-id' }), headers },
    { method: 'POST', url: `${base}/fork` },
    { method: 'GET', url: `${base}/context` },
    { method: 'GET', url: `${base}/share` },
    { method: 'POST', url: `${base}/share` },
    { method: 'DELETE', url: `${base}/share` },
    // A share id: no such link, so nothing to continue and no file to read.
    { method: 'POST', url: `/api/shares/${segment}/continue` },
    { method: 'GET', url: `/api/shares/${segment}/files/${segment}` },
    // An approval, and a connector of the caller's own, by id: none of either.
    { method: 'POST', url: `${base}/approvals/${segment}`, body: json({ decision: 'deny' }), headers },
    { method: 'DELETE', url: `/api/mcp/servers/${segment}` },
    { method: 'POST', url: `/api/mcp/servers/${segment}/authorize` },
    // Resuming a stream: no such conversation for this owner, so nothing to resume either.
    { method: 'GET', url: `/api/chat/${segment}/stream` },
    // An attachment id: no such file for this owner.
    { method: 'GET', url: `/api/attachments/${segment}` },
    { method: 'DELETE', url: `/api/attachments/${segment}` },
  ];
}

test('hostile conversation ids in the URL get a clear 404 (400 when not even valid URL encoding), never a 5xx or a hang', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(pathId, async (segment) => {
      for (const sent of idRoutes(segment)) {
        const answer = await send(request, sent);
        if (!isValidPercentEncoding(segment)) {
          // The proxy refuses an address it cannot decode before any route runs.
          expectGraceful(sent, answer);
          expect(answer.status, describeSent(sent)).toBe(400);
          continue;
        }
        if (isDotSegment(segment)) {
          // `.` and `..` leave the route before it runs (a redirect, or another route's answer).
          if (answer.status >= 500) throw new Error(`a server error: HTTP ${answer.status} for ${describeSent(sent)}`);
          continue;
        }
        // No such conversation for this owner: the same 404 whatever the id looks like.
        expectGraceful(sent, answer);
        expect(answer.status, describeSent(sent)).toBe(404);
      }
    }),
    fuzzRuns(60),
  );
});

// ---- rename and compact on an owned conversation -----------------------------------------------

const renameCase = fc.oneof(
  { weight: 1, arbitrary: nonObjectBody.map((body) => ({ bytes: body.bytes, contentType: body.contentType, describe: body.describe })) },
  {
    weight: 2,
    arbitrary: fc.tuple(corruption(['title'], [''], ['title']), contentType).map(([change, type]) => ({
      bytes: corruptedBody({ title: 'Renamed by the fuzzer' }, change),
      contentType: type,
      describe: describeCorruption(change),
    })),
  },
  { weight: 2, arbitrary: hostileString.map((title) => ({ bytes: Buffer.from(JSON.stringify({ title })), contentType: 'application/json', describe: `title ${preview(title)}` })) },
);

const compactCase = fc.oneof(
  { weight: 1, arbitrary: nonObjectBody.map((body) => ({ bytes: body.bytes, contentType: body.contentType, describe: body.describe })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('trim', 'summary'), corruption(['mode'], [''], ['mode']), contentType).map(([mode, change, type]) => ({
      bytes: corruptedBody({ mode }, change),
      contentType: type,
      describe: describeCorruption(change),
    })),
  },
  { weight: 1, arbitrary: fc.constantFrom('TRIM', 'trim ', 'summary\u0000', 'Summary', '').map((mode) => ({ bytes: Buffer.from(JSON.stringify({ mode })), contentType: 'application/json', describe: `mode ${preview(mode)}` })) },
);

test('renaming and compacting with hostile bodies gets a clear 4xx, and the conversation stays readable', async ({ request }) => {
  const nonce = `fuzz-${RUN}-owned`;
  const created = chatBody(`[[nonce:${nonce}]] [[pace:0]] A conversation to rename`);
  const first = await send(request, { method: 'POST', url: '/api/chat', body: Buffer.from(JSON.stringify(created)), headers: { 'content-type': 'application/json' } });
  expect(first.status, first.text).toBe(200);
  const url = `/api/conversations/${created.id}`;

  await fc.assert(
    fc.asyncProperty(
      fc.oneof(renameCase.map((input) => ({ route: 'rename' as const, ...input })), compactCase.map((input) => ({ route: 'compact' as const, ...input }))).map((value) =>
        shown(value, (input) => `${input.route}: ${input.describe} [${input.bytes.length} bytes]`),
      ),
      async (input) => {
        const sent: Sent = {
          method: input.route === 'rename' ? 'PATCH' : 'POST',
          url: input.route === 'rename' ? url : `${url}/compact`,
          body: input.bytes,
          headers: input.contentType ? { 'content-type': input.contentType } : {},
        };
        expectGraceful(sent, await send(request, sent), (ok) => {
          const json = expectJson(ok) as { id?: unknown; title?: unknown };
          expect(typeof json.id).toBe('string');
          if (input.route === 'rename') expect(typeof json.title).toBe('string');
        });
        for (const read of [url, `${url}/export`]) {
          const after = await send(request, { method: 'GET', url: read });
          expect(after.status, `GET ${read} after ${input.route}: ${preview(after.text)}`).toBe(200);
        }
      },
    ),
    fuzzRuns(60),
  );
  await expectAllReadable(request);
});

// ---- adding a connector ------------------------------------------------------------------------

/** Server URLs that name their host by address (no DNS): private ones in every spelling, and others that are not http at all. */
const connectorUrl = fc.oneof(
  fc.ipV4().map((ip) => `http://${ip}/mcp`),
  fc.ipV6().map((ip) => `https://[${ip}]:8443/mcp`),
  fc.constantFrom(
    'http://127.0.0.1/mcp',
    'http://2130706433/mcp',
    'http://0x7f.1/mcp',
    'http://[::ffff:127.0.0.1]/mcp',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00::1]/mcp',
    'http://0.0.0.0:80/',
    'http://user:pw@8.8.8.8/mcp',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'gopher://8.8.8.8:70/_',
    'ftp://8.8.8.8/',
    'not a url',
    '',
  ),
  hostileString,
);

const connectorCase = fc.oneof(
  { weight: 1, arbitrary: nonObjectBody.map((body) => ({ bytes: body.bytes, contentType: body.contentType, describe: body.describe })) },
  {
    weight: 3,
    arbitrary: fc.record({ name: fc.oneof(fc.constant('Fuzz'), hostileString), url: connectorUrl, bearerToken: fc.option(hostileString, { nil: undefined }) }).map((input) => ({
      bytes: Buffer.from(JSON.stringify(input)),
      contentType: 'application/json',
      describe: `name ${preview(input.name)} url ${preview(input.url)}`,
    })),
  },
);

test('adding connectors with hostile bodies and URLs gets a clear 4xx, and nothing that is not public is ever saved', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(
      connectorCase.map((value) => shown(value, (input) => `${input.describe} [${input.bytes.length} bytes]`)),
      async (input) => {
        const sent: Sent = { method: 'POST', url: '/api/mcp/servers', body: input.bytes, headers: input.contentType ? { 'content-type': input.contentType } : {} };
        const answer = await send(request, sent);
        // A public address is saved (it is only connected to later, through the same guard); nothing else is.
        let saved: { key: string; url: string } | undefined;
        expectGraceful(sent, answer, (ok) => {
          saved = (expectJson(ok) as { server: { key: string; url: string } }).server;
          const host = new URL(saved.url).hostname.replace(/^\[|\]$/g, '');
          expect(isPublicAddress(host), `${saved.url} was saved`).toBe(true);
        });
        if (saved) await send(request, { method: 'DELETE', url: `/api/mcp/servers/${saved.key.slice('user:'.length)}` });
      },
    ),
    fuzzRuns(60),
  );
  const listed = expectJson(await send(request, { method: 'GET', url: '/api/mcp/servers' })) as { servers: Array<{ origin: string }> };
  expect(listed.servers.filter((server) => server.origin === 'user')).toEqual([]);
});

// ---- the conversation list's query -------------------------------------------------------------

const cursorFor = (at: number, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

test("garbage in the conversation list's cursor, q and limit gets a clear 400, never a 5xx or a hang", async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(conversationListQuery, async (query) => {
      const sent: Sent = { method: 'GET', url: `/api/conversations${query ? `?${query}` : ''}` };
      expectGraceful(sent, await send(request, sent), (ok) => {
        const page = expectJson(ok) as { conversations?: unknown; nextCursor?: unknown };
        expect(Array.isArray(page.conversations)).toBe(true);
        expect(page.nextCursor === null || typeof page.nextCursor === 'string').toBe(true);
      });
    }),
    fuzzRuns(100),
  );
});

// ---- regressions -------------------------------------------------------------------------------

/** Minimal inputs the properties above have shrunk 5xx answers to: each one, checked every run. */
const FOUND: Sent[] = [
  // Malformed percent-encoding in an id segment: Next.js answers a bare 500 before the proxy runs.
  { method: 'GET', url: '/api/conversations/%' },
  { method: 'GET', url: '/api/conversations/%zz' },
  { method: 'GET', url: '/api/conversations/%FF' },
  { method: 'GET', url: '/api/conversations/%ED%A0%80/export' },
  { method: 'POST', url: '/api/conversations/%zz/compact', body: Buffer.from('{"mode":"trim"}') },
  { method: 'GET', url: '/api/chat/%zz/stream' },
  // A NUL in the search reaches the database, which refuses it.
  { method: 'GET', url: '/api/conversations?q=%00' },
  // A cursor the server never issued, but that decodes: a NUL in its id (or, on PGlite, two
  // unpaired low surrogates in a row) ...
  { method: 'GET', url: `/api/conversations?cursor=${cursorFor(1, '\u0000')}` },
  { method: 'GET', url: `/api/conversations?cursor=${cursorFor(0, '\udc00\udc00')}` },
  // ... or a time the database cannot hold (before year 1, after year 9999).
  { method: 'GET', url: `/api/conversations?cursor=${cursorFor(-62_135_596_800_001, 'a')}` },
  { method: 'GET', url: `/api/conversations?cursor=${cursorFor(253_402_300_800_000, 'a')}` },
  // A connector named with unpaired surrogates, which the database cannot store.
  { method: 'POST', url: '/api/mcp/servers', body: Buffer.from(JSON.stringify({ name: '\udc00\udc00', url: 'http://1.0.0.0/mcp' })), headers: { 'content-type': 'application/json' } },
];

test('every input the fuzzing shrank a 5xx to now gets a clear 4xx', async ({ request }) => {
  const failures: string[] = [];
  for (const sent of FOUND) {
    try {
      expectGraceful(sent, await send(request, sent), () => undefined);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  expect(failures).toEqual([]);
});

// ---- attachment uploads ------------------------------------------------------------------------

/** The first bytes of each type Rill takes, so that some fuzzed uploads are accepted. */
const MAGIC = ['89504e470d0a1a0a', 'ffd8ffe0', '474946383961', '52494646000000005745425056503820', '255044462d312e340a'].map((hex) => Buffer.from(hex, 'hex'));

const uploadCase = fc
  .record({
    conversation: fc.oneof(freshId('u'), hostileString.map((text) => text.slice(0, 200))),
    name: fc.oneof(fc.constantFrom('pixel.png', 'paper.pdf', '', ' ', '../../etc/passwd', 'a"b\\c.png'), hostileString.map((text) => text.slice(0, 300))),
    body: fc.oneof(
      nonObjectBody.map((body) => body.bytes),
      fc.tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 300 })).map(([magic, rest]) => Buffer.concat([magic, Buffer.from(rest)])),
    ),
  })
  .map((value) => shown(value, (input) => `conversation ${preview(input.conversation)}, name ${preview(input.name)}, ${input.body.length} bytes ${input.body.subarray(0, 8).toString('hex')}`));

test('random and hostile uploads get a clear 4xx, or are stored as exactly what their bytes are', async ({ request }) => {
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(uploadCase, async (input) => {
      const query = new URLSearchParams({ conversation: input.conversation, name: input.name });
      const sent: Sent = { method: 'POST', url: `/api/attachments?${query}`, body: input.body, headers: { 'content-type': 'application/octet-stream' } };
      let stored: { url: string; mediaType: string } | undefined;
      expectGraceful(sent, await send(request, sent), (ok) => {
        expect(ok.status).toBe(201);
        stored = expectJson(ok) as { url: string; mediaType: string };
      });
      if (!stored) return;
      accepted++;
      const read: Sent = { method: 'GET', url: stored.url };
      const served = await send(request, read);
      expect(served.status, describeSent(read)).toBe(200);
      expect(served.contentType, describeSent(read)).toBe(stored.mediaType);
      expect(served.headers['x-content-type-options'], describeSent(read)).toBe('nosniff');
    }),
    fuzzRuns(60),
  );
  expect(accepted, 'some uploads were valid and stored').toBeGreaterThan(0);
  test.info().annotations.push({ type: 'fuzz', description: `${accepted} uploads stored` });
});

// ---- sign-in -----------------------------------------------------------------------------------

const loginCase = fc
  .tuple(
    fc.oneof(
      { weight: 1, arbitrary: nonObjectBody.map((body) => ({ bytes: body.bytes, contentType: body.contentType, describe: body.describe })) },
      {
        weight: 3,
        arbitrary: fc.tuple(corruption(['password'], [''], ['password']), contentType).map(([change, type]) => ({
          bytes: corruptedBody({ password: 'not-the-password' }, change),
          contentType: type,
          describe: describeCorruption(change),
        })),
      },
    ),
    clientAddress,
  )
  .map(([body, address]) => shown({ ...body, address }, (input) => `${input.describe} [${input.bytes.length} bytes] from ${input.address}`));

test('hostile sign-in bodies get a clear 4xx and never a way in, a 5xx or a hang', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(loginCase, async (input) => {
      const headers = { 'x-forwarded-for': input.address, ...(input.contentType ? { 'content-type': input.contentType } : {}) };
      const gated: Sent = { method: 'POST', url: `${GATED}/api/login`, body: input.bytes, headers };
      const answer = await send(request, gated);
      expectGraceful(gated, answer); // no success: no generated body holds the password
      expect(answer.headers['set-cookie'] ?? '', describeSent(gated)).not.toContain('rill_access');

      // Without APP_PASSWORD there is nothing to sign in to: any body is simply fine.
      const open: Sent = { method: 'POST', url: '/api/login', body: input.bytes, headers };
      expectGraceful(open, await send(request, open), (ok) => expect(expectJson(ok)).toEqual({ ok: true }));
    }),
    fuzzRuns(60),
  );
});

// ---- cross-site writes -------------------------------------------------------------------------

const WRITES: Sent[] = [
  { method: 'POST', url: '/api/chat' },
  { method: 'POST', url: '/api/chat/stop' },
  { method: 'POST', url: '/api/chat/continue' },
  { method: 'PATCH', url: '/api/conversations/fuzz-cross-site-id' },
  { method: 'DELETE', url: '/api/conversations/fuzz-cross-site-id' },
  { method: 'POST', url: '/api/conversations/fuzz-cross-site-id/compact' },
  { method: 'POST', url: '/api/conversations/fuzz-cross-site-id/branch' },
  { method: 'POST', url: '/api/conversations/fuzz-cross-site-id/fork' },
  { method: 'POST', url: '/api/conversations/fuzz-cross-site-id/share' },
  { method: 'DELETE', url: '/api/conversations/fuzz-cross-site-id/share' },
  { method: 'POST', url: '/api/shares/fuzz-cross-site-id/continue' },
  { method: 'PUT', url: '/api/instructions' },
  { method: 'POST', url: '/api/conversations/fuzz-cross-site-id/approvals/fuzz-cross-site-id' },
  { method: 'POST', url: '/api/mcp/servers' },
  { method: 'DELETE', url: '/api/mcp/servers/fuzz-cross-site-id' },
  { method: 'POST', url: '/api/mcp/servers/fuzz-cross-site-id/authorize' },
  { method: 'DELETE', url: '/api/mcp/grants?server=op:fuzz&tool=fuzz' },
  { method: 'POST', url: '/api/mcp/prompts/get' },
  { method: 'POST', url: '/api/login' },
  { method: 'POST', url: '/api/attachments?conversation=fuzz-cross-site-id&name=fuzz.png' },
  { method: 'DELETE', url: '/api/attachments/fuzz-cross-site-id' },
];

function originHeader(app: URL) {
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(app.origin),
    fc.webUrl().map((url) => new URL(url).origin),
    fc.constantFrom(
      'null',
      `${app.origin}.evil.example`,
      `http://localhost:${app.port}`,
      `http://${app.hostname}`,
      `http://${app.hostname}:${E2E_PORTS.demo}`,
      'file://',
      `http://[::1]:${app.port}`,
      `http://evil.example@${app.host}`,
      `http://${app.host}@evil.example`,
    ),
    headerText,
  );
}
const fetchSiteHeader = fc.oneof(fc.constant(undefined), fc.constantFrom('cross-site', 'same-origin', 'same-site', 'none', 'CROSS-SITE'), headerText);

/** What the proxy promises: a write that names another site, by Origin or Sec-Fetch-Site, never reaches a route. */
function isCrossSite(app: URL, origin: string | undefined, fetchSite: string | undefined): boolean {
  if (fetchSite === 'cross-site') return true;
  if (!origin) return false;
  try {
    return new URL(origin).host !== app.host;
  } catch {
    return true;
  }
}

test('writes with random Origin and Sec-Fetch-Site headers are refused exactly when they come from another site', async ({ request, baseURL }) => {
  const app = new URL(baseURL!);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...WRITES), originHeader(app), fetchSiteHeader, async (write, origin, fetchSite) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (origin !== undefined) headers.origin = origin;
      if (fetchSite !== undefined) headers['sec-fetch-site'] = fetchSite;
      // An empty object: a route that does run answers 400 or 404 and changes nothing.
      const sent: Sent = { ...write, body: Buffer.from('{}'), headers };
      const answer = await send(request, sent);
      expectGraceful(sent, answer, (ok) => expect(expectJson(ok)).toEqual({ ok: true }));
      const refused = answer.status === 403 && expectErrorBody(sent, answer).type === 'cross_origin';
      expect(refused, `refused as cross-site: ${describeSent(sent)}`).toBe(isCrossSite(app, origin, fetchSite));
    }),
    fuzzRuns(80),
  );
});

// ---- identity and access cookies ---------------------------------------------------------------

const cookieValue = fc.oneof(
  headerText,
  // Shaped like a signed owner token (`<id>.<HMAC>`), signed with nothing.
  fc.stringMatching(/^[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{43}$/),
  fc.constantFrom('', '%zz', '%', '%00', '"quoted"', 'a.b', '.', '..', 'x'.repeat(2_000), '%E2%82', 'rill_owner=x'),
);
const cookieName = fc.constantFrom('rill_owner', 'rill_owner', 'rill_access', 'RILL_OWNER', '', 'rill_owner ', '__Host-rill_owner', '$Version');
const cookieHeader = fc
  .array(fc.tuple(cookieName, cookieValue), { minLength: 1, maxLength: 4 })
  .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('; '));

/** Plain fetch: the Cookie header goes out exactly as generated, with no cookie jar of its own. */
async function fetchWithCookie(url: string, cookie: string, init: RequestInit = {}): Promise<Answer> {
  try {
    const response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), cookie }, redirect: 'manual', signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text(), headers: Object.fromEntries(response.headers) };
  } catch (error) {
    throw new Error(`no complete answer within ${ANSWER_WITHIN_MS / 1000} s (${String(error)}) to ${init.method ?? 'GET'} ${url} with cookie ${preview(cookie)}`);
  }
}

test('forged and garbage identity cookies are refused by the API, get a fresh identity from a page (or the password wall), never a 5xx or a hang', async ({ baseURL }) => {
  await fc.assert(
    fc.asyncProperty(cookieHeader, async (cookie) => {
      const list: Sent = { method: 'GET', url: `${baseURL}/api/conversations`, headers: { cookie } };
      const answer = await fetchWithCookie(list.url, cookie);
      expectGraceful(list, answer);
      expect(expectErrorBody(list, answer).type, describeSent(list)).toBe('unauthorized');
      expect(answer.headers['set-cookie'] ?? '', 'the API makes no identity').not.toContain('rill_owner=');

      const page: Sent = { method: 'GET', url: `${baseURL}/`, headers: { cookie } };
      const served = await fetchWithCookie(page.url, cookie);
      expect(served.status, describeSent(page)).toBe(200);
      expect(served.headers['set-cookie'] ?? '', 'a page issues a new identity').toContain('rill_owner=');

      const chat: Sent = { method: 'POST', url: `${baseURL}/api/chat`, headers: { cookie, 'content-type': 'application/json' }, body: Buffer.from('{}') };
      const refused = await fetchWithCookie(chat.url, cookie, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expectGraceful(chat, refused);
      expect(expectErrorBody(chat, refused).type, describeSent(chat)).toBe('unauthorized');

      const gated: Sent = { method: 'GET', url: `${GATED}/api/conversations`, headers: { cookie } };
      const wall = await fetchWithCookie(gated.url, cookie);
      expectGraceful(gated, wall);
      expect(expectErrorBody(gated, wall).type, describeSent(gated)).toBe('password_required');
    }),
    fuzzRuns(50),
  );
});

// ---- methods and the health probe --------------------------------------------------------------

const UNSUPPORTED: [string, string][] = [
  ['/api/chat', 'GET'], ['/api/chat', 'PUT'], ['/api/chat', 'PATCH'], ['/api/chat', 'DELETE'],
  ['/api/chat/stop', 'GET'], ['/api/chat/stop', 'PUT'], ['/api/chat/stop', 'DELETE'],
  ['/api/chat/continue', 'GET'], ['/api/chat/continue', 'PUT'],
  ['/api/chat/fuzz-method-id/stream', 'POST'], ['/api/chat/fuzz-method-id/stream', 'DELETE'],
  ['/api/conversations', 'POST'], ['/api/conversations', 'PUT'], ['/api/conversations', 'DELETE'],
  ['/api/conversations/fuzz-method-id', 'POST'], ['/api/conversations/fuzz-method-id', 'PUT'],
  ['/api/conversations/fuzz-method-id/export', 'POST'], ['/api/conversations/fuzz-method-id/export', 'DELETE'],
  ['/api/conversations/fuzz-method-id/compact', 'GET'], ['/api/conversations/fuzz-method-id/compact', 'PUT'],
  ['/api/login', 'GET'], ['/api/login', 'PUT'],
  ['/api/attachments', 'GET'], ['/api/attachments', 'DELETE'], ['/api/attachments/fuzz-method-id', 'POST'], ['/api/attachments/fuzz-method-id', 'PUT'],
  ['/api/health', 'POST'], ['/api/health', 'DELETE'],
];

test('unsupported methods get a 405 and the health probe ignores garbage, never a 5xx or a hang', async ({ request }) => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...UNSUPPORTED), nonObjectBody, conversationListQuery, async ([path, method], body, query) => {
      const sent: Sent = { method, url: `${path}`, ...(method === 'GET' ? {} : { body: body.bytes }) };
      const answer = await send(request, sent);
      // Next.js answers these itself, with an empty body (not the JSON error body).
      expect(answer.status, describeSent(sent)).toBe(405);

      const probe: Sent = { method: 'GET', url: `/api/health${query ? `?${query}` : ''}` };
      const health = await send(request, probe);
      expectGraceful(probe, health, (ok) => expect(expectJson(ok)).toEqual({ ok: true }));
      expect(health.status, describeSent(probe)).toBe(200);
    }),
    fuzzRuns(40),
  );
});
