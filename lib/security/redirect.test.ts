import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNextPath } from './redirect';

describe('the address after sign-in', () => {
  it('keeps paths on this site', () => {
    expect(safeNextPath('/c/abc123?x=1#end')).toBe('/c/abc123?x=1#end');
    expect(safeNextPath(undefined)).toBe('/');
  });

  it('never leaves the site, whatever the next parameter holds', () => {
    for (const hostile of ['/\\evil.example/', '/\t/evil.example/', '//evil.example/', 'https://evil.example/', '/\n/evil.example', '\\\\evil.example', 'javascript:alert(1)', '/%5Cevil.example/']) {
      const target = new URL(safeNextPath(hostile), 'https://rill.example');
      expect(target.origin, hostile).toBe('https://rill.example');
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('/', '\\', '\t', '\n', ' ', '.', ':', '@', 'e', 'x', '%', '5', 'C', '?', '#') }), (next) => {
        const result = safeNextPath(next);
        expect(result.startsWith('/') && !result.startsWith('//')).toBe(true);
        expect(new URL(result, 'https://rill.example').origin).toBe('https://rill.example');
      }),
    );
  });
});
