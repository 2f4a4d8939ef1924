import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyAddress, hostKey, isPublicAddress, publicOnlyConnectLookup, readJsonBody, safeFetch, type AddressClass } from './safe-fetch';

describe('classifyAddress', () => {
  const cases: Array<[string, AddressClass]> = [
    // IPv4 public
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['93.184.216.34', 'public'],
    ['100.63.255.255', 'public'], // just below CGNAT
    ['100.128.0.0', 'public'], // just above CGNAT
    ['172.15.255.255', 'public'], // just below 172.16/12
    ['172.32.0.0', 'public'], // just above 172.16/12
    ['192.167.255.255', 'public'],
    ['192.169.0.0', 'public'],
    ['223.255.255.255', 'public'],
    ['11.0.0.1', 'public'],
    // IPv4 not public
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['100.64.0.0', 'shared'],
    ['100.127.255.255', 'shared'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'], // cloud metadata
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    // IPv6 public
    ['2606:4700:4700::1111', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['2a00:1450:4007:80e::200e', 'public'],
    ['[2606:4700:4700::1111]', 'public'],
    ['::ffff:8.8.8.8', 'public'], // IPv4-mapped public
    ['64:ff9b::808:808', 'public'], // NAT64 of 8.8.8.8
    ['2002:0808:0808::1', 'public'], // 6to4 of 8.8.8.8
    // IPv6 not public
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'], // the same, in hex
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:0:192.168.0.1', 'private'], // IPv4-translated
    ['::127.0.0.1', 'reserved'], // deprecated IPv4-compatible
    ['64:ff9b::7f00:1', 'loopback'], // NAT64 of 127.0.0.1
    ['64:ff9b:1::1', 'reserved'], // local-use NAT64
    ['2002:7f00:1::1', 'loopback'], // 6to4 of 127.0.0.1
    ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['ff05::2', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'], // Teredo
    ['2001:2::1', 'reserved'], // benchmarking
    ['100::1', 'reserved'], // discard-only
    ['4000::1', 'reserved'], // outside 2000::/3
    // not addresses
    ['example.com', 'invalid'],
    ['256.0.0.1', 'invalid'],
    ['1.2.3', 'invalid'],
    ['', 'invalid'],
    ['::ffff:999.0.0.1', 'invalid'],
    ['1::2::3', 'invalid'],
  ];

  it.each(cases)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('isPublicAddress is true only for public addresses', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('127.0.0.1')).toBe(false);
    expect(isPublicAddress('not an ip')).toBe(false);
  });
});

describe('hostKey', () => {
  it('fills in the default port and keeps IPv6 brackets', () => {
    expect(hostKey(new URL('http://Example.COM/x'))).toBe('example.com:80');
    expect(hostKey(new URL('https://example.com/x'))).toBe('example.com:443');
    expect(hostKey(new URL('http://127.0.0.1:4020/'))).toBe('127.0.0.1:4020');
    expect(hostKey(new URL('http://[::1]:8080/'))).toBe('[::1]:8080');
  });
});

describe('safeFetch', () => {
  const okFetch = () => vi.fn<typeof fetch>(async () => new Response('{"ok":true}', { status: 200 }));
  const publicLookup = async () => [{ address: '93.184.216.34' }];

  it('refuses schemes other than http and https', async () => {
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'data:text/plain,hi', 'javascript:alert(1)']) {
      await expect(safeFetch(url, { allowPrivateHosts: [], fetch: okFetch(), lookup: publicLookup })).rejects.toThrow(
        /only http and https/,
      );
    }
  });

  it('refuses invalid URLs and URLs with credentials', async () => {
    await expect(safeFetch('not a url', { allowPrivateHosts: [] })).rejects.toThrow('Invalid URL: not a url');
    await expect(
      safeFetch('http://user:pw@example.com/', { allowPrivateHosts: [], fetch: okFetch(), lookup: publicLookup }),
    ).rejects.toThrow(/credentials/);
  });

  it('refuses private IP literals, in any spelling the URL parser accepts, without fetching', async () => {
    const fetchSpy = okFetch();
    for (const url of [
      'http://127.0.0.1/',
      'http://127.1/',
      'http://0x7f000001/',
      'http://2130706433/',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1:8080/',
      'http://100.64.1.1/',
      'http://[fd00::1]/',
    ]) {
      await expect(safeFetch(url, { allowPrivateHosts: [], fetch: fetchSpy }), url).rejects.toThrow(/Refusing to connect/);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a hostname if any of its addresses is private', async () => {
    const lookup = vi.fn(async () => [{ address: '93.184.216.34' }, { address: '10.1.2.3' }]);
    const fetchSpy = okFetch();
    await expect(safeFetch('https://rebind.example/', { allowPrivateHosts: [], fetch: fetchSpy, lookup })).rejects.toThrow(
      'Refusing to connect to rebind.example: rebind.example resolves to 10.1.2.3, which is a private address, not a public one.',
    );
    expect(lookup).toHaveBeenCalledWith('rebind.example');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('looks the name up again as it connects, so a DNS answer that turns private after the check (rebinding) is refused', async () => {
    const server = createServer((_req, res) => res.end('internal secret'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // The check is told the name is public; the connection's own lookup finds 127.0.0.1.
      const firstAnswer = async () => [{ address: '93.184.216.34' }];
      await expect(safeFetch(`http://localhost:${port}/`, { allowPrivateHosts: [], lookup: firstAnswer })).rejects.toThrow(
        /^Refusing to connect to localhost: it resolves to (127\.0\.0\.1|::1), a loopback address\.$/,
      );
      // The same server is reachable when its host is allowed: the refusal was the connect-time check.
      const allowed = await safeFetch(`http://localhost:${port}/`, { allowPrivateHosts: [`localhost:${port}`] });
      expect(await allowed.text()).toBe('internal secret');
    } finally {
      server.close();
    }
  });

  it("connects only to a name's public addresses, of the family asked for", async () => {
    const lookup = (answers: string[]) => publicOnlyConnectLookup(async () => answers.map((address) => ({ address })));
    const ask = (fn: ReturnType<typeof lookup>, options: { all?: boolean; family?: number }) =>
      new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) =>
        fn('example.test', options, (error, address, family) => resolve({ error, address, ...(family === undefined ? {} : { family }) })),
      );
    expect(await ask(lookup(['93.184.216.34', '2606:2800:220:1::1']), {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await ask(lookup(['93.184.216.34', '2606:2800:220:1::1']), { family: 6 })).toEqual({ error: null, address: '2606:2800:220:1::1', family: 6 });
    expect(await ask(lookup(['93.184.216.34']), { all: true })).toEqual({ error: null, address: [{ address: '93.184.216.34', family: 4 }] });
    const refused = await ask(lookup(['93.184.216.34', '169.254.169.254']), { all: true });
    expect(refused.error?.message).toBe('Refusing to connect to example.test: it resolves to 169.254.169.254, a link-local address.');
  });

  it('explains names that do not resolve', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(safeFetch('https://nope.invalid/', { allowPrivateHosts: [], lookup })).rejects.toThrow(
      'Could not resolve nope.invalid (ENOTFOUND).',
    );
    await expect(safeFetch('https://empty.example/', { allowPrivateHosts: [], lookup: async () => [] })).rejects.toThrow(
      'Could not resolve empty.example.',
    );
  });

  it('fetches public hosts with redirect: manual and passes the init through', async () => {
    const fetchSpy = okFetch();
    const response = await safeFetch('https://api.example/v1?x=1', {
      allowPrivateHosts: [],
      fetch: fetchSpy,
      lookup: publicLookup,
      headers: { accept: 'application/json' },
    });
    expect(await response.json()).toEqual({ ok: true });
    const [url, init] = fetchSpy.mock.calls[0] ?? [];
    expect(String(url)).toBe('https://api.example/v1?x=1');
    expect(init).toMatchObject({ redirect: 'manual', headers: { accept: 'application/json' } });
    expect(init).not.toHaveProperty('allowPrivateHosts');
  });

  it('lets allowlisted host:port pairs through without resolving them', async () => {
    const fetchSpy = okFetch();
    const lookup = vi.fn(publicLookup);
    await safeFetch('http://127.0.0.1:4020/v1/search', { allowPrivateHosts: ['127.0.0.1:4020'], fetch: fetchSpy, lookup });
    await safeFetch('http://LOCALHOST/x', { allowPrivateHosts: ['localhost:80'], fetch: fetchSpy, lookup });
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    expect(lookup).not.toHaveBeenCalled();
    // Another port on the same host is not allowed.
    await expect(
      safeFetch('http://127.0.0.1:4021/', { allowPrivateHosts: ['127.0.0.1:4020'], fetch: fetchSpy }),
    ).rejects.toThrow('Refusing to connect to 127.0.0.1:4021: 127.0.0.1 is a loopback address, not a public one.');
  });

  it('does not fetch when the signal is already aborted', async () => {
    const fetchSpy = okFetch();
    const controller = new AbortController();
    controller.abort();
    await expect(
      safeFetch('https://api.example/', { allowPrivateHosts: [], fetch: fetchSpy, lookup: publicLookup, signal: controller.signal }),
    ).rejects.toThrow();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  describe('against a local server', () => {
    let server: Server;
    let origin: string;
    let allow: string[];

    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        } else if (req.url === '/big') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(`"${'x'.repeat(5000)}"`);
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      origin = `http://127.0.0.1:${port}`;
      allow = [`127.0.0.1:${port}`];
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('fetches it when allowlisted, refuses it when not', async () => {
      const response = await safeFetch(`${origin}/`, { allowPrivateHosts: allow });
      expect(await readJsonBody(response)).toEqual({ hello: 'world' });
      await expect(safeFetch(`${origin}/`, { allowPrivateHosts: [] })).rejects.toThrow(/loopback address/);
    });

    it('refuses to follow redirects', async () => {
      await expect(safeFetch(`${origin}/redirect`, { allowPrivateHosts: allow })).rejects.toThrow(
        `127.0.0.1:${allow[0]?.split(':')[1]} answered with a redirect (HTTP 302 to http://169.254.169.254/latest/meta-data/); redirects are not followed.`,
      );
    });

    it('readJsonBody refuses bodies over the limit', async () => {
      const response = await safeFetch(`${origin}/big`, { allowPrivateHosts: allow });
      await expect(readJsonBody(response, 1000)).rejects.toThrow(/too large/);
    });
  });

  it('readJsonBody reports invalid JSON', async () => {
    await expect(readJsonBody(new Response('<html>'))).rejects.toThrow('The response is not valid JSON.');
  });
});
