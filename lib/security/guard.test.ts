import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config } from '../../proxy';

const API = path.join(process.cwd(), 'app/api');
const routeFiles = (readdirSync(API, { recursive: true, encoding: 'utf8' }) as string[]).filter((file) => file.endsWith('route.ts'));
/** Open to anyone: the load balancer's probes, which read nothing a caller sends. */
const UNGUARDED = new Set(['health/route.ts', 'health/live/route.ts']);

describe('the API', () => {
  it('is not behind the proxy, which would buffer request bodies before any check', () => {
    for (const url of ['/api/chat', '/api/attachments?conversation=x&name=y', '/api/login', '/api/conversations/abc/compact']) {
      expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(false);
    }
    for (const url of ['/', '/c/abc', '/login']) expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
    // Only to refuse malformed percent-encoding, which Next.js would answer with a 500.
    for (const url of ['/api/conversations/%zz', '/api/chat/%/stream']) expect(unstable_doesMiddlewareMatch({ config, url }), url).toBe(true);
  });

  it('checks its callers in every route, before anything else', () => {
    expect(routeFiles.length).toBeGreaterThan(8);
    for (const file of routeFiles.filter((f) => !UNGUARDED.has(f))) {
      const source = readFileSync(path.join(API, file), 'utf8');
      const handlers = [...source.matchAll(/export async function (GET|POST|PATCH|PUT|DELETE)\([^)]*\)[^{]*\{\n([^\n]*)\n/g)];
      expect(handlers.length, file).toBeGreaterThan(0);
      for (const [, method, firstLine] of handlers) {
        // acceptAnswerRequest (lib/chat/accept.ts) calls requireOwner before anything else.
        expect(firstLine, `${file} ${method}`).toMatch(/await (requireOwner|requireOwnerOf|requireAdmin|guardRequest|acceptAnswerRequest)\(request/);
      }
    }
  });
});
