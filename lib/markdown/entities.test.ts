import { describe, expect, it } from 'vitest';
import { decodeEntities } from './entities';

describe('decodeEntities', () => {
  it('decodes named and numeric references', () => {
    expect(decodeEntities('AT&amp;T &copy; &lt;b&gt; &#65;&#x42;&#X43; &nbsp;')).toBe('AT&T © <b> ABC \u00a0');
    expect(decodeEntities('&#x1F600;')).toBe('😀');
  });

  it('leaves unknown or malformed references and bare ampersands alone', () => {
    expect(decodeEntities('a & b &unknownentity; &amp &#; &#xZZ;')).toBe('a & b &unknownentity; &amp &#; &#xZZ;');
  });

  it('replaces invalid code points with U+FFFD and decodes only once', () => {
    expect(decodeEntities('&#0; &#xD800; &#1114112;')).toBe('\ufffd \ufffd \ufffd');
    expect(decodeEntities('&amp;lt;')).toBe('&lt;');
  });

  it('does not look up prototype properties', () => {
    expect(decodeEntities('&constructor; &toString; &__proto__;')).toBe('&constructor; &toString; &__proto__;');
  });
});
