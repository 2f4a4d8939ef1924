// Who the client is, from the connection's peer address and the headers of the proxies that
// are trusted to say so. Pure: lib/client-ip/index.ts supplies the peer and the setting.
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';

/**
 * Which proxies may name the client, in the manner of Express's `trust proxy`:
 * - `none`: nobody; the client is the connection's peer, whatever the headers say;
 * - `hops`: the nearest `hops` proxies (the peer is hop 0);
 * - `addresses`: proxies whose address is in the list (IPs, CIDRs, `loopback`, …);
 * - `vercel`: Vercel's edge, which overwrites `x-vercel-forwarded-for` with the client.
 */
export type ProxyTrust =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'addresses'; addresses: string[]; trusts: (address: string, hop: number) => boolean }
  | { kind: 'vercel' };

export class TrustProxySettingError extends Error {}

/** Reads the RILL_TRUST_PROXY setting; on Vercel, unset means Vercel's header. Throws on a setting it cannot read. */
export function parseProxyTrust(setting: string | undefined, onVercel: boolean): ProxyTrust {
  const value = setting?.trim().toLowerCase() ?? '';
  if (value === '') return onVercel ? { kind: 'vercel' } : { kind: 'none' };
  if (value === 'vercel') return { kind: 'vercel' };
  if (['none', 'false', '0', 'off'].includes(value)) return { kind: 'none' };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 32) throw new TrustProxySettingError('RILL_TRUST_PROXY: a hop count above 32 is surely a mistake');
    return { kind: 'hops', hops };
  }
  // `true` in Express trusts every hop: the leftmost entry, which the client writes. Never here.
  if (value === 'true') throw new TrustProxySettingError('RILL_TRUST_PROXY=true would trust what the client writes: give a hop count or the proxies\' addresses');
  const addresses = value.split(',').map((item) => item.trim()).filter(Boolean);
  try {
    return { kind: 'addresses', addresses, trusts: proxyAddr.compile(addresses) };
  } catch (error) {
    throw new TrustProxySettingError(`RILL_TRUST_PROXY: ${error instanceof Error ? error.message : 'not a list of addresses'}`);
  }
}

export type ClientAddressInput = {
  /** The address of the connection's other end, as the socket reports it; undefined when unknown. */
  peer: string | undefined;
  headers: Headers;
};

/** The client's address under `trust`, or undefined when it cannot be known (no peer, no header). */
export function resolveClientAddress({ peer, headers }: ClientAddressInput, trust: ProxyTrust): string | undefined {
  switch (trust.kind) {
    case 'none':
      return normalise(peer);
    case 'vercel':
      return normalise(firstEntry(headers.get('x-vercel-forwarded-for')) ?? firstEntry(headers.get('x-real-ip')));
    case 'hops':
      if (peer === undefined) return undefined;
      return normalise(proxyAddr(asRequest(peer, headers), (_address, hop) => hop < trust.hops));
    case 'addresses':
      if (peer === undefined) return undefined;
      return normalise(proxyAddr(asRequest(peer, headers), trust.trusts));
  }
}

/**
 * The rate-limit bucket of an address. An IPv6 client usually holds a whole /64, so its
 * buckets are per /64: otherwise a new address from its own block would be a new bucket.
 */
export function addressBucket(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  if (!ipaddr.isValid(address)) return `other:${address.slice(0, 100)}`;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

function asRequest(peer: string, headers: Headers): IncomingMessage {
  const forwardedFor = headers.get('x-forwarded-for');
  return { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}, socket: { remoteAddress: peer } } as unknown as IncomingMessage;
}

function firstEntry(header: string | null): string | undefined {
  const entry = header?.split(',')[0]?.trim();
  return entry || undefined;
}

/** `::ffff:203.0.113.7` is the IPv4 client 203.0.113.7 on a dual-stack socket. */
function normalise(address: string | undefined): string | undefined {
  if (!address) return undefined;
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}
