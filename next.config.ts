import type { NextConfig } from 'next';

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // PGlite ships its Postgres as WebAssembly files it loads at run time: keep it out of the bundle.
  // undici is Node's own HTTP client, at a version of its own: loaded as it ships, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'redis', 'undici'],
  reactStrictMode: true,
  experimental: {
    // The proxy buffers a request's body while it runs. It runs only for pages, which take no
    // body: whatever is sent to one is held up to this size and no further.
    proxyClientMaxBodySize: '16kb',
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
