import { describe, expect, it } from 'vitest';
import { estimateInputTokens, imageTokens, PDF_TOKENS_PER_PAGE } from './usage';

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
/** A PNG's header and a body of `padding` bytes, base64-encoded as it goes to the API. */
function pngBase64(width: number, height: number, padding: number): string {
  const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...be32(13), 0x49, 0x48, 0x44, 0x52, ...be32(width), ...be32(height), 8, 6, 0, 0, 0];
  return Buffer.concat([Buffer.from(header), Buffer.alloc(padding, 7)]).toString('base64');
}

describe('imageTokens', () => {
  it('counts width × height / 750', () => {
    expect(imageTokens({ width: 320, height: 200 })).toBe(86);
    expect(imageTokens({ width: 1092, height: 1092 })).toBe(1590);
  });

  it('scales a large image down first, as Anthropic does', () => {
    // Long edge to 1568 px, then to about 1.15 megapixels: never much above 1,600 tokens.
    expect(imageTokens({ width: 4000, height: 3000 })).toBeLessThanOrEqual(1600);
    expect(imageTokens({ width: 4000, height: 3000 })).toBeGreaterThan(1550);
    expect(imageTokens({ width: 3000, height: 200 })).toBe(Math.ceil((1568 * 104) / 750));
  });
});

describe('estimateInputTokens', () => {
  it('counts an image by its pixels, not by the length of its base64', () => {
    // The example: a 320×200 PNG of 104 KB was counted as 35,513 tokens.
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngBase64(320, 200, 104_000) } };
    const tokens = estimateInputTokens([{ role: 'user', content: [image, { type: 'text', text: 'What is in this picture?' }] }]);
    expect(tokens).toBe(86 + 6);
  });

  it('counts a PDF by its pages', () => {
    const pdf = Buffer.from('%PDF-1.4\n<< /Type /Page >>\n<< /Type /Page >>\n<< /Type /Page >>\n').toString('base64');
    const document = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } };
    expect(estimateInputTokens([{ role: 'user', content: [document] }])).toBe(3 * PDF_TOKENS_PER_PAGE);
  });

  it('counts text at about four characters a token', () => {
    expect(estimateInputTokens([{ role: 'user', content: 'x'.repeat(400) }, { role: 'assistant', content: [{ type: 'text', text: 'y'.repeat(40) }] }])).toBe(110);
  });
});
