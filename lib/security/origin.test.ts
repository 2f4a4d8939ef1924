import { describe, expect, it } from 'vitest';
import { isSameOriginRequest } from './origin';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('isSameOriginRequest', () => {
  it('accepts requests from the same host, and clients that send no Origin', () => {
    expect(isSameOriginRequest(headers({ host: 'rill.example', origin: 'https://rill.example' }))).toBe(true);
    expect(isSameOriginRequest(headers({ host: 'rill.example' }))).toBe(true);
    expect(isSameOriginRequest(headers({ host: '10.0.0.5:3000', 'x-forwarded-host': 'rill.example', origin: 'https://rill.example' }))).toBe(true);
  });

  it('refuses other sites, garbage origins and cross-site fetches', () => {
    expect(isSameOriginRequest(headers({ host: 'rill.example', origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: 'rill.example', origin: 'null' }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: 'rill.example', 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(isSameOriginRequest(headers({ host: 'rill.example:3000', origin: 'https://rill.example' }))).toBe(false);
  });

  it('accepts explicitly allowed origins', () => {
    expect(isSameOriginRequest(headers({ host: 'internal:3000', origin: 'https://chat.example' }), ['https://chat.example'])).toBe(true);
  });
});
