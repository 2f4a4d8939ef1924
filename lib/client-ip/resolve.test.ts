import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressBucket, parseProxyTrust, resolveClientAddress, TrustProxySettingError, type ProxyTrust } from './resolve';

const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();
const address = fc.oneof(ipv4, ipv6);
/** What a client may write into X-Forwarded-For: addresses, junk, or nothing. */
const forgedEntry = fc.oneof(address, fc.constantFrom('unknown', '', ' ', 'evil', '1.2.3.4.5', '::ffff:10.0.0.1'));
const forgedChain = fc.array(forgedEntry, { maxLength: 6 });

const headersWith = (forwardedFor: readonly string[] | undefined, extra: Record<string, string> = {}) => {
  const headers = new Headers(extra);
  if (forwardedFor !== undefined) headers.set('x-forwarded-for', forwardedFor.join(', '));
  return headers;
};
const resolve = (trust: ProxyTrust, peer: string | undefined, chain?: readonly string[], extra?: Record<string, string>) =>
  resolveClientAddress({ peer, headers: headersWith(chain, extra) }, trust);
const canonical = (value: string) => resolve({ kind: 'none' }, value);

describe('the client address', () => {
  it('trusting no proxy, is the peer whatever the client writes in X-Forwarded-For or X-Real-IP', () => {
    const trust = parseProxyTrust(undefined, false);
    fc.assert(
      fc.property(address, fc.option(forgedChain, { nil: undefined }), forgedEntry, (peer, chain, realIp) => {
        expect(resolve(trust, peer, chain, { 'x-real-ip': realIp || '1.1.1.1', 'x-vercel-forwarded-for': '2.2.2.2' })).toBe(canonical(peer));
      }),
    );
  });

  it('trusting N hops, is the entry N hops from the peer, and nothing the client prepends moves it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), address, fc.array(address, { minLength: 1, maxLength: 6 }), forgedChain, (hops, peer, proxied, forged) => {
        const trust = parseProxyTrust(String(hops), false);
        // What the trusted proxies appended: the real client first, then one address per further proxy.
        const honest = resolve(trust, peer, proxied);
        const chain = [...proxied, peer];
        const expected = chain[Math.max(0, chain.length - 1 - hops)]!;
        expect(honest).toBe(canonical(expected));
        if (proxied.length >= hops) expect(resolve(trust, peer, [...forged, ...proxied])).toBe(honest);
      }),
    );
  });

  it('trusting a list of proxies, is the nearest address not on the list, and nothing the client prepends moves it', () => {
    const proxies = ['10.0.0.0/8', 'fd00::/8'];
    const trust = parseProxyTrust(proxies.join(','), false);
    const proxyAddress = fc.oneof(
      fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `10.${a}.${b}.${c}`),
      fc.nat(0xffff).map((n) => `fd00::${n.toString(16)}`),
    );
    const publicAddress = fc.tuple(fc.integer({ min: 11, max: 99 }), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(publicAddress, fc.array(proxyAddress, { maxLength: 4 }), proxyAddress, forgedChain, (client, hops, peer, forged) => {
        expect(resolve(trust, peer, [...forged, client, ...hops])).toBe(client);
      }),
    );
  });

  it('from an untrusted peer, is that peer even when it claims to be forwarding', () => {
    const trust = parseProxyTrust('loopback', false);
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 11, max: 99 }), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.')), forgedChain, (peer, forged) => {
        expect(resolve(trust, peer, forged)).toBe(peer);
      }),
    );
  });

  it("on Vercel, is Vercel's own header, never X-Forwarded-For", () => {
    const trust = parseProxyTrust(undefined, true);
    expect(trust.kind).toBe('vercel');
    fc.assert(
      fc.property(address, forgedChain, (client, forged) => {
        expect(resolve(trust, '127.0.0.1', forged, { 'x-vercel-forwarded-for': client })).toBe(canonical(client));
      }),
    );
    expect(resolve(trust, undefined, undefined, { 'x-real-ip': '203.0.113.9' })).toBe('203.0.113.9');
  });

  it('is unknown without a peer, and IPv4-mapped IPv6 peers read as IPv4', () => {
    expect(resolve({ kind: 'none' }, undefined, ['203.0.113.1'])).toBeUndefined();
    expect(resolve({ kind: 'hops', hops: 1 }, undefined, ['203.0.113.1'])).toBeUndefined();
    expect(resolve({ kind: 'none' }, '::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('the trust setting', () => {
  it('refuses what it cannot read, and `true`, which would trust the client', () => {
    expect(() => parseProxyTrust('true', false)).toThrow(TrustProxySettingError);
    expect(() => parseProxyTrust('10.0.0.0/33', false)).toThrow(TrustProxySettingError);
    expect(() => parseProxyTrust('proxy.example.com', false)).toThrow(TrustProxySettingError);
    expect(() => parseProxyTrust('99', false)).toThrow(TrustProxySettingError);
    expect(parseProxyTrust('0', false)).toEqual({ kind: 'none' });
    expect(parseProxyTrust('none', true)).toEqual({ kind: 'none' });
  });
});

describe('rate-limit buckets', () => {
  it('are per address for IPv4 and per /64 for IPv6', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe(addressBucket('2001:db8:1:2:ffff:1:2:3'));
    expect(addressBucket('2001:db8:1:2::1')).not.toBe(addressBucket('2001:db8:1:3::1'));
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket(undefined)).toBe('unknown');
  });
});
