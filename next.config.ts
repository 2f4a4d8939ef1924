import type { NextConfig } from 'next';
import { MAX_UPLOAD_BYTES } from './lib/attachments/rules';

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // PGlite ships its Postgres as WebAssembly files it loads at run time: keep it out of the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'redis'],
  reactStrictMode: true,
  experimental: {
    // The proxy buffers request bodies and silently cuts them at this size. Above the largest
    // upload, the upload route's own limit applies, with a clear 413, to any body.
    proxyClientMaxBodySize: MAX_UPLOAD_BYTES + 1024 * 1024,
  },
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
