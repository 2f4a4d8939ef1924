// `fetch` for tools that reach the network on Claude's behalf. Claude chooses what the tools
// ask for, so a tool must never become a way into the server's own network (SSRF):
//   - only http: and https: URLs;
//   - the host is resolved first and refused if ANY of its addresses is not public unicast
//     (private, loopback, link-local, CGNAT, unique-local, multicast, reserved, ...),
//     unless its `host:port` is explicitly allowed (tests allow their local fakes);
//   - redirects are never followed (a public host could redirect to a private one).
//
//   - the connection itself looks the name up again and refuses a private answer: a DNS server
//     that answers differently the second time (DNS rebinding) cannot get past the first check.

import { lookup as dnsLookup } from 'node:dns/promises';
import { isIPv4, isIPv6, type LookupFunction as NetLookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { readBoundedBody } from '../http/bounded-body';

/** Why an address is not public, or 'public' when a tool may connect to it. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared' // 100.64.0.0/10, carrier-grade NAT
  | 'link-local'
  | 'unique-local'
  | 'site-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'invalid';

type Range4 = { base: number; bits: number; class: Exclude<AddressClass, 'public'> };

function ipv4ToInt(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

function range4(cidr: string, cls: Range4['class']): Range4 {
  const [base = '', bits = ''] = cidr.split('/');
  const int = ipv4ToInt(base);
  if (int === undefined) throw new Error(`bad CIDR ${cidr}`);
  return { base: int, bits: Number(bits), class: cls };
}

// IANA IPv4 Special-Purpose Address Registry, plus multicast and the old class E space.
// More specific ranges come first (255.255.255.255 is inside 240/4).
const IPV4_RANGES: readonly Range4[] = [
  range4('255.255.255.255/32', 'broadcast'),
  range4('0.0.0.0/8', 'unspecified'),
  range4('10.0.0.0/8', 'private'),
  range4('100.64.0.0/10', 'shared'),
  range4('127.0.0.0/8', 'loopback'),
  range4('169.254.0.0/16', 'link-local'),
  range4('172.16.0.0/12', 'private'),
  range4('192.0.0.0/24', 'reserved'),
  range4('192.0.2.0/24', 'documentation'),
  range4('192.88.99.0/24', 'reserved'),
  range4('192.168.0.0/16', 'private'),
  range4('198.18.0.0/15', 'benchmarking'),
  range4('198.51.100.0/24', 'documentation'),
  range4('203.0.113.0/24', 'documentation'),
  range4('224.0.0.0/4', 'multicast'),
  range4('240.0.0.0/4', 'reserved'),
];

function inRange4(value: number, range: Range4): boolean {
  if (range.bits === 0) return true;
  const size = 2 ** (32 - range.bits);
  return Math.floor(value / size) === Math.floor(range.base / size);
}

function classifyIPv4Int(value: number): AddressClass {
  for (const range of IPV4_RANGES) if (inRange4(value, range)) return range.class;
  return 'public';
}

/** Eight 16-bit groups, or undefined when `address` is not IPv6 (a zone id like %eth0 is ignored). */
function parseIPv6(address: string): number[] | undefined {
  const withoutZone = address.replace(/%.*$/, '');
  if (!isIPv6(withoutZone)) return undefined;
  let text = withoutZone.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4) is two groups.
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4ToInt(dotted[1]);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** True when the first `bits` bits of `groups` equal those of `prefix` (both 8 groups). */
function hasPrefix(groups: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyIPv6Groups(g: readonly number[]): AddressClass {
  const at = (i: number) => g[i] ?? 0;
  const embeddedV4 = (high: number, low: number) => classifyIPv4Int(at(high) * 0x10000 + at(low));
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);

  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && at(7) === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped): the socket would really talk to the IPv4 address.
  if (zeros(0, 5) && at(5) === 0xffff) return embeddedV4(6, 7);
  // ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765).
  if (zeros(0, 4) && at(4) === 0xffff && at(5) === 0) return embeddedV4(6, 7);
  // 64:ff9b::/96 (NAT64 well-known prefix) reaches the embedded IPv4 address.
  if (hasPrefix(g, [0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96)) return embeddedV4(6, 7);
  // 2002::/16 (6to4) embeds the IPv4 address of the relay in bits 16..47.
  if (at(0) === 0x2002) return embeddedV4(1, 2);
  if (at(0) >= 0xff00) return 'multicast'; // ff00::/8
  if ((at(0) & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((at(0) & 0xffc0) === 0xfec0) return 'site-local'; // fec0::/10, deprecated
  if ((at(0) & 0xfe00) === 0xfc00) return 'unique-local'; // fc00::/7
  if (hasPrefix(g, [0x2001, 0x0db8, 0, 0, 0, 0, 0, 0], 32)) return 'documentation';
  if (hasPrefix(g, [0x3fff, 0, 0, 0, 0, 0, 0, 0], 20)) return 'documentation';
  // 2001::/23: IETF protocol assignments (Teredo, ORCHID, benchmarking, ...).
  if (hasPrefix(g, [0x2001, 0, 0, 0, 0, 0, 0, 0], 23)) return 'reserved';
  // Only 2000::/3 is global unicast; everything else (::/8 with IPv4-compatible
  // addresses, 100::/64 discard, 64:ff9b:1::/48 local NAT64, ...) is reserved.
  if ((at(0) & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}

/**
 * Classifies an IP address literal (IPv4 dotted quad, or IPv6 with or without a zone id or
 * brackets). Anything that is not an address is 'invalid'.
 */
export function classifyAddress(address: string): AddressClass {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(bare)) {
    const value = ipv4ToInt(bare);
    return value === undefined ? 'invalid' : classifyIPv4Int(value);
  }
  const groups = parseIPv6(bare);
  return groups ? classifyIPv6Groups(groups) : 'invalid';
}

/** "a loopback", "an unspecified": the class with its article, for messages. */
function describeClass(cls: AddressClass): string {
  return `${/^[aeiou]/.test(cls) ? 'an' : 'a'} ${cls}`;
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

export class SafeFetchError extends Error {
  override name = 'SafeFetchError';
}

/** The host is (or resolves to) an address that is not public, and is not allowed. */
export class PrivateAddressError extends SafeFetchError {
  override name = 'PrivateAddressError';
}

export type LookupFunction = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>;

export type SafeFetchInit = RequestInit & {
  /** `host:port` pairs (lowercase, default port filled in) that may resolve to private addresses. */
  allowPrivateHosts: readonly string[];
  fetch?: typeof fetch;
  /** Resolves a hostname to all of its addresses; defaults to `dns.lookup(host, { all: true })`. */
  lookup?: LookupFunction;
};

const defaultLookup: LookupFunction = (hostname) => dnsLookup(hostname, { all: true });

/** `host:port` as the allowlist spells it: lowercase, IPv6 in brackets, default port filled in. */
export function hostKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.toLowerCase()}:${port}`;
}

async function assertPublicHost(url: URL, lookup: LookupFunction): Promise<void> {
  const hostname = url.hostname;
  const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let addresses: string[];
  if (isIPv4(literal) || isIPv6(literal)) {
    addresses = [literal];
  } else {
    try {
      addresses = (await lookup(hostname)).map((entry) => entry.address);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new SafeFetchError(`Could not resolve ${hostname}${typeof code === 'string' ? ` (${code})` : ''}.`);
    }
    if (addresses.length === 0) throw new SafeFetchError(`Could not resolve ${hostname}.`);
  }
  for (const address of addresses) {
    const cls = classifyAddress(address);
    if (cls !== 'public') {
      const what = address === literal ? `${hostname} is` : `${hostname} resolves to ${address}, which is`;
      throw new PrivateAddressError(`Refusing to connect to ${url.host}: ${what} ${describeClass(cls)} address, not a public one.`);
    }
  }
}

/**
 * Checks that `url` may be connected to: http(s), no credentials in it, and a public host unless
 * its `host:port` is in `allowPrivateHosts`. Answers the parsed URL; throws SafeFetchError saying
 * why not.
 */
export async function assertPublicUrl(url: string | URL, allowPrivateHosts: readonly string[], lookup: LookupFunction = defaultLookup): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SafeFetchError(`Invalid URL: ${String(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SafeFetchError(`Refusing to fetch ${parsed.protocol} URLs: only http and https are allowed.`);
  }
  if (parsed.username || parsed.password) {
    throw new SafeFetchError('Refusing to fetch a URL with credentials in it.');
  }
  if (!isAllowedHost(parsed, allowPrivateHosts)) await assertPublicHost(parsed, lookup);
  return parsed;
}

function isAllowedHost(url: URL, allowPrivateHosts: readonly string[]): boolean {
  return allowPrivateHosts.some((entry) => entry.trim().toLowerCase() === hostKey(url));
}

const familyOf = (address: string) => (isIPv6(address) ? 6 : 4);

/**
 * `net.connect`'s lookup for connections to hosts that must be public: it resolves the name as
 * the connection is made and refuses it unless every address is public, so the address connected
 * to is one that was checked.
 */
export function publicOnlyConnectLookup(resolve: LookupFunction = defaultLookup): NetLookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (entries) => {
        const refused = entries.find((entry) => classifyAddress(entry.address) !== 'public');
        const usable = entries.filter((entry) => !options.family || options.family === familyOf(entry.address));
        const first = usable[0];
        if (refused || !first) {
          const why = refused ? `it resolves to ${refused.address}, ${describeClass(classifyAddress(refused.address))} address` : 'it has no usable address';
          callback(new PrivateAddressError(`Refusing to connect to ${hostname}: ${why}.`), '', 0);
        } else if (options.all) {
          callback(null, usable.map((entry) => ({ address: entry.address, family: familyOf(entry.address) })));
        } else {
          callback(null, first.address, familyOf(first.address));
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** Connections to hosts that must be public, each checked again as it connects. */
const publicOnly = new Agent({ connect: { lookup: publicOnlyConnectLookup() } });

/** undici's own fetch (Node's global one, with a dispatcher of the same version); a refused connection says why. */
async function pinnedFetch(url: URL, init: RequestInit): Promise<Response> {
  try {
    return (await undiciFetch(url, { ...(init as UndiciRequestInit), dispatcher: publicOnly })) as unknown as Response;
  } catch (error) {
    if (error instanceof TypeError && error.cause instanceof SafeFetchError) throw error.cause;
    throw error;
  }
}

/**
 * Fetches `url` after checking that it is http(s) and that its host is public (or allowed).
 * Redirects are not followed: a 3xx answer is an error. Other statuses are returned as is.
 */
export async function safeFetch(url: string | URL, init: SafeFetchInit): Promise<Response> {
  const { allowPrivateHosts, fetch: fetchImpl, lookup = defaultLookup, ...requestInit } = init;
  const parsed = await assertPublicUrl(url, allowPrivateHosts, lookup);
  requestInit.signal?.throwIfAborted();

  const request = { ...requestInit, redirect: 'manual' as const };
  let response: Response;
  if (fetchImpl) response = await fetchImpl(parsed, request);
  else if (isAllowedHost(parsed, allowPrivateHosts)) response = await fetch(parsed, request);
  // undici's own fetch and Response, the same as Node's global ones, with a dispatcher of its own version.
  else response = await pinnedFetch(parsed, request);
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get('location');
    throw new SafeFetchError(
      `${parsed.host} answered with a redirect (HTTP ${response.status}${location ? ` to ${location}` : ''}); redirects are not followed.`,
    );
  }
  return response;
}

/** Reads a response body as JSON, refusing bodies larger than `maxBytes`. */
export async function readJsonBody(response: Response, maxBytes = 1_000_000): Promise<unknown> {
  const body = await readBoundedBody(response.body, response.headers.get('content-length'), maxBytes);
  if (!body.ok) throw new SafeFetchError(body.problem === 'empty' ? 'The response is empty.' : `The response is too large (over ${maxBytes} bytes).`);
  try {
    return JSON.parse(new TextDecoder().decode(body.bytes)) as unknown;
  } catch {
    throw new SafeFetchError('The response is not valid JSON.');
  }
}
