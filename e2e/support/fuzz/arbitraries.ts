// Generators of random and hostile inputs for the API fuzz tests (e2e/fuzz.spec.ts).
//
// Bodies are built as JSON *text*, not as objects, so that a generated value can be anything
// the wire can carry: numbers JSON.stringify would never write (`1e309`, `-0`), nesting deeper
// than JSON.stringify could recurse, duplicate and `__proto__` keys, or plain broken JSON.
import fc from 'fast-check';

/** Per process, so that nonces and ids never meet those of another run or another test. */
export const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/** A short, printable rendering of any string, for failure messages. */
export function preview(text: string, max = 160): string {
  const quoted = JSON.stringify(text.slice(0, max));
  return text.length > max ? `${quoted}… (${text.length} chars)` : quoted;
}

/** Attaches a short rendering for fast-check's counterexample report (a 200 KB body prints as a line). */
export function shown<T extends object>(value: T, describe: (value: T) => string): T {
  return Object.defineProperty(value, fc.toStringMethod, { value: () => describe(value), enumerable: false });
}

// ---- strings -----------------------------------------------------------------------------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Characters and fragments that have broken parsers, databases and renderers before. */
const nastyFragment = fc.constantFrom(
  '\u0000', '\ud800', '\udfff', '\udc00\ud800', '\ufeff', '\u202e', '\u2028\u2029', '\uffff', '\u{10ffff}', '\u0007',
  '\n', '\r\n', '\t', '"', '\\', "'", '`', '%00', '%', '%zz', '../', '..\\', '..%2F', '/', '?', '#', '&', '=', '+',
  '__proto__', 'constructor', 'prototype', '<script>alert(1)</script>', "'; DROP TABLE conversations; --", '${7*7}',
  '{{7*7}}', 'NaN', 'Infinity', '-0', 'null', 'undefined', 'true', ' ', '😀', '👩‍👩‍👧', 'e\u0301', 'ﷺ', '[[scenario:',
);

/** Up to ~200 KB of one repeated unit: plain, multi-byte, astral, NUL, lone surrogate, blank, escape-heavy. */
export const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('x', 'é', '😀', '\u0000', '\ud800', ' ', '\\', '"'))
  .map(([chars, unit]) => unit.repeat(Math.ceil(chars / unit.length)));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(nastyFragment, loneSurrogate, fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), { maxLength: 12 })
      .map((pieces) => pieces.join('')),
  },
  { weight: 1, arbitrary: hugeString },
);

/** What the id schema accepts (`^[A-Za-z0-9_-]{8,128}$`), plus its near misses. */
export const idShaped: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{8,128}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,7}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{129,140}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{4,20}[^A-Za-z0-9_-][A-Za-z0-9_-]{4,20}$/) },
);

// ---- JSON text -----------------------------------------------------------------------------

/** Arrays and objects nested ~1000 levels deep (now and then up to 100 000). */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 1_200 }) }, { weight: 1, arbitrary: fc.integer({ min: 1_200, max: 100_000 }) }),
    fc.constantFrom('array', 'object', 'mixed'),
  )
  .map(([depth, shape]) => {
    if (shape === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
    if (shape === 'object') return `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
    return `${'[{"__proto__":'.repeat(depth)}null${'}]'.repeat(depth)}`;
  });

const prototypePollution = fc.constantFrom(
  '{"__proto__":{"polluted":true,"isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":null}',
  '{"__proto__":[]}',
  '{"prototype":{"polluted":true}}',
  '{"toString":1,"valueOf":"x","hasOwnProperty":null,"then":"x"}',
  '{"a":1,"a":{"b":2}}',
);

/** Numbers as strings, and numeric literals JSON.stringify never writes (overflow, underflow, -0, beyond 2^53). */
const numberish = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '1e309', '0x10', '1_000', '', ' 42 ', '4.2e3', '1024', '128000').map((text) => JSON.stringify(text)),
  fc.constantFrom(
    '-0', '0', '1', '-1', '1e309', '-1e309', '5e-324', '1e-400', '1.5', '1E2', '1023', '1024', '128000', '128001',
    '2147483648', '9007199254740993', '123456789012345678901234567890', '-9223372036854775809',
  ),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
);

/** Text that is not JSON at all, or not where it stands. */
const brokenJson = fc.constantFrom(
  'NaN', 'Infinity', 'undefined', "'single'", '01', '+1', '.5', '[1,]', '{"a":1,}', '"\\x41"', '"unterminated',
  '{', '}', '[', ']', ':', ',', '//', '/* */', '\u0000', 'tru', 'nul', '{"a" 1}', '"\\u12"',
);

export const jsonText: fc.Arbitrary<string> = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value));

/** Any one value, as it would appear in a body: valid JSON of any type, hostile strings, broken text. */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: jsonText },
  { weight: 4, arbitrary: hostileString.map((text) => JSON.stringify(text)) },
  { weight: 2, arbitrary: numberish },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', '[]', '{}', '""', '" "', '[null]', '[{}]') },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: prototypePollution },
  { weight: 1, arbitrary: brokenJson },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'then', '__defineGetter__', ''),
  fc.string({ unit: 'binary', maxLength: 20 }),
  hostileString.filter((key) => key.length < 100),
);

// ---- bodies --------------------------------------------------------------------------------

/** A request body on the wire: bytes, with the content type it claims (if any). */
export type RawBody = { bytes: Buffer; contentType: string | undefined; describe: string };

export const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  '*/*',
  'garbage',
);

/** Bodies that are not a JSON object of any shape: empty, blank, binary, BOM-prefixed, UTF-16, form data, values. */
export const nonObjectBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom('', ' ', '\n', '\ufeff{}', 'a=b&c=d', '--fuzz\r\ncontent-disposition: form-data; name="id"\r\n\r\nx\r\n--fuzz--').map((text) => ({
    bytes: Buffer.from(text, 'utf8'),
    describe: `text ${preview(text)}`,
  })),
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({ bytes: Buffer.from(bytes), describe: `${bytes.length} random bytes` })),
  fc.constantFrom('{"id":"x"}', '[]', '{}').map((text) => ({ bytes: Buffer.from(text, 'utf16le'), describe: `UTF-16 ${text}` })),
  hostileValue.map((text) => ({ bytes: Buffer.from(text, 'utf8'), describe: `value ${preview(text)}` })),
).chain((body) => contentType.map((type): RawBody => ({ ...body, contentType: type })));

/** A placeholder swapped for raw JSON text once the body around it is serialised. */
const MARKER = '\u0001fuzz-raw\u0001';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One corruption of an otherwise valid body. */
export type Corruption =
  | { op: 'set'; path: string; raw: string }
  | { op: 'remove'; path: string }
  | { op: 'extra'; path: string; key: string; raw: string }
  | { op: 'invalid-utf8'; path: string };

export function describeCorruption(corruption: Corruption): string {
  switch (corruption.op) {
    case 'set':
      return `${corruption.path} = ${preview(corruption.raw)}`;
    case 'remove':
      return `without ${corruption.path}`;
    case 'extra':
      return `${corruption.path || 'body'}[${preview(corruption.key)}] = ${preview(corruption.raw)}`;
    case 'invalid-utf8':
      return `${corruption.path} with invalid UTF-8 bytes`;
  }
}

/** Corruptions of one of `paths` (dotted, `0` for the first array element); `objects` take extra keys. */
export function corruption(paths: readonly string[], objects: readonly string[], stringPaths: readonly string[] = []): fc.Arbitrary<Corruption> {
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), path, raw: hostileValue }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), path }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('extra' as const), path: fc.constantFrom(...objects), key: hostileKey, raw: hostileValue }) },
    ...(stringPaths.length ? [{ weight: 1, arbitrary: fc.record({ op: fc.constant('invalid-utf8' as const), path: fc.constantFrom(...stringPaths) }) }] : []),
  );
}

function clone(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** The container that holds `path`'s last segment, created along the way when missing. */
function parentOf(root: Json, segments: string[]): Record<string, Json> | Json[] | undefined {
  let node: Json = root;
  for (const segment of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return undefined;
    const container = node as Record<string, Json>;
    if (container[segment] === undefined || container[segment] === null || typeof container[segment] !== 'object') {
      container[segment] = {};
    }
    node = container[segment]!;
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, Json>) : undefined;
}

/**
 * Serialises `base` with one corruption applied. Keys are set as own properties (so `__proto__`
 * is a key, not a prototype) and raw values are spliced in as text, exactly as generated.
 */
export function corruptedBody(base: unknown, change: Corruption): Buffer {
  const body = clone(base);
  const segments = change.path === '' ? [] : change.path.split('.');
  let raw: string | Buffer | undefined;
  if (change.op === 'extra') {
    const target = segments.length ? (parentOf(body, [...segments, 'x'])! as Record<string, Json>) : (body as Record<string, Json>);
    Object.defineProperty(target, change.key, { value: MARKER, enumerable: true, configurable: true, writable: true });
    raw = change.raw;
  } else {
    const parent = parentOf(body, segments) as Record<string, Json>;
    const last = segments.at(-1)!;
    if (change.op === 'remove') delete parent[last];
    else {
      parent[last] = MARKER;
      raw = change.op === 'set' ? change.raw : Buffer.concat([Buffer.from('"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from(' x"')]);
    }
  }
  const text = JSON.stringify(body);
  if (raw === undefined) return Buffer.from(text, 'utf8');
  const at = text.indexOf(JSON.stringify(MARKER));
  const before = Buffer.from(text.slice(0, at), 'utf8');
  const after = Buffer.from(text.slice(at + JSON.stringify(MARKER).length), 'utf8');
  return Buffer.concat([before, typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw, after]);
}

// ---- URLs ----------------------------------------------------------------------------------

/** Percent-encodes every byte of the string's UTF-8 (lone surrogates become U+FFFD) but unreserved ones. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** Percent-encodings no decoder accepts: truncated, non-hex, bytes that are not UTF-8. */
export const malformedPercent = fc.constantFrom('%', '%%', '%zz', '%2', '%E2%82', '%ED%A0%80', '%FF', '%C0%AF', 'abc%', '%u0041');

/** Segments that walk out of the route: `..%2F`, double encoding, backslashes, NUL. */
const traversal = fc.constantFrom(
  '..%2F..%2F..%2Fetc%2Fpasswd', '..%2f', '..%5C..%5Cwindows', '%252e%252e%252f', '....%2F%2F', '%2F', '%5C', '.%00.', 'a%2Fb',
  '..%252F', '%2e%2e%2fetc', '%C0%AE%C0%AE%2F', '%00', '%0A', '%0D%0A', '~', 'a;b', 'a,b', "a'b",
);

/** `.` and `..` in any encoding: the URL parser resolves them, so the request leaves the route. */
export const dotSegment = fc.constantFrom('.', '..', '%2e', '%2E', '%2e%2e', '.%2E', '%2e.');

export function isDotSegment(segment: string): boolean {
  return /^(?:\.|%2e){1,2}$/i.test(segment);
}

/** One path segment standing for a conversation id, as it goes on the wire. */
export const pathId: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: idShaped.map(percentEncode) },
  { weight: 3, arbitrary: hostileString.filter((text) => text.length > 0 && text.length <= 300).map(percentEncode) },
  { weight: 2, arbitrary: traversal },
  { weight: 1, arbitrary: fc.integer({ min: 129, max: 6_000 }).map((length) => 'a'.repeat(length)) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 1_000 }).map((length) => '%C3%A9'.repeat(length)) },
  { weight: 1, arbitrary: malformedPercent },
  { weight: 1, arbitrary: dotSegment },
);

const base64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');

/** Cursors: well-formed ones with out-of-range or hostile contents, other JSON, random bytes, text. */
export const cursorValue: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.integer(),
          fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
          fc.constantFrom(0, 1, -1, 253_402_300_799_999, 253_402_300_800_000, -62_135_596_800_000, -62_135_596_800_001, 8_640_000_000_000_000, -8_640_000_000_000_000, 8_640_000_000_000_001, Number.MAX_SAFE_INTEGER),
        ),
        fc.oneof(idShaped, hostileString.filter((text) => text.length < 300)),
      )
      .map(([at, id]) => base64url(JSON.stringify([at, id]))),
  },
  { weight: 1, arbitrary: jsonText.map((text) => base64url(text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => base64url(Buffer.from(bytes))) },
  { weight: 1, arbitrary: hostileString.filter((text) => text.length < 700) },
).map(percentEncode);

const limitValue = fc.oneof(
  fc.constantFrom('', '0', '1', '30', '100', '101', '-1', '-0', '1.5', '1e2', '1e3', 'NaN', 'Infinity', '-Infinity', '0x10', '0b1', '0o7', ' 5 ', '5abc', 'null', 'true', '[]', '9007199254740993', '1e309', '%00', '%zz'),
  fc.integer().map(String),
  fc.double().map(String),
  hostileString.filter((text) => text.length < 100).map(percentEncode),
);

const searchValue = fc.oneof(
  { weight: 4, arbitrary: hostileString.filter((text) => text.length <= 300).map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('%', '_', '\\', '%25', '%5C', '%5F', '+', '%2B', '%00', 'a%00b', '%zz', '%ED%A0%80', '%FF') },
);

/** A raw query string for `GET /api/conversations`: known and unknown keys, repeated keys, garbage values. */
export const conversationListQuery: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: limitValue.map((value) => `limit=${value}`) },
      { weight: 3, arbitrary: searchValue.map((value) => `q=${value}`) },
      { weight: 3, arbitrary: cursorValue.map((value) => `cursor=${value}`) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'limit[]', 'q[]', 'cursor[0]', '', '%00', 'format'), hostileString.filter((text) => text.length < 50).map(percentEncode)), limitValue)
          .map(([key, value]) => `${key}=${value}`),
      },
      { weight: 1, arbitrary: fc.constantFrom('limit', 'q', 'cursor', '&', '=', '==', 'q==', '&&&') },
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join('&'));

/** Printable ASCII only: other header values are refused by the HTTP client itself. */
export const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((text) => text.trim());
