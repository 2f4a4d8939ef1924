import { describe, expect, it } from 'vitest';
import { imageDimensions, pdfPageCount } from './dimensions';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part)));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];

describe('imageDimensions', () => {
  it('reads a PNG header', () => {
    const png = bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(320), be32(200), [8, 6, 0, 0, 0]);
    expect(imageDimensions(png)).toEqual({ width: 320, height: 200 });
  });

  it('reads a GIF header', () => {
    expect(imageDimensions(bytes('GIF89a', le16(640), le16(480), [0, 0, 0]))).toEqual({ width: 640, height: 480 });
  });

  it('finds the frame of a JPEG after its other segments', () => {
    const app0 = [0xff, 0xe0, ...be16(16), ...Array.from('JFIF\0', (c) => c.charCodeAt(0)), 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const sof2 = [0xff, 0xc2, ...be16(17), 8, ...be16(1080), ...be16(1920), 3];
    expect(imageDimensions(bytes([0xff, 0xd8], app0, sof2, Array(12).fill(0)))).toEqual({ width: 1920, height: 1080 });
  });

  it('reads the three kinds of WebP', () => {
    const riff = (chunk: string, body: number[]) => bytes('RIFF', le32(4 + 8 + body.length), 'WEBP', chunk, le32(body.length), body);
    const lossy = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(800), ...le16(600), 0, 0]);
    const lossless = riff('VP8L', [0x2f, ...le32((800 - 1) | ((600 - 1) << 14)), 0, 0, 0, 0, 0]);
    const extended = riff('VP8X', [0, 0, 0, 0, ...le24(4000 - 1), ...le24(3000 - 1), 0, 0]);
    expect(imageDimensions(lossy)).toEqual({ width: 800, height: 600 });
    expect(imageDimensions(lossless)).toEqual({ width: 800, height: 600 });
    expect(imageDimensions(extended)).toEqual({ width: 4000, height: 3000 });
  });

  it('gives up on what it cannot read', () => {
    expect(imageDimensions(bytes('%PDF-1.7'))).toBeUndefined();
    expect(imageDimensions(bytes([0x89], 'PNG'))).toBeUndefined();
    expect(imageDimensions(new Uint8Array())).toBeUndefined();
  });
});

describe('pdfPageCount', () => {
  it("reads the page tree's count, or else counts page objects", () => {
    const pdf = bytes('%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n2 0 obj << /Type /Page >> endobj\n3 0 obj <</Type/Page/Parent 1 0 R>> endobj\n');
    expect(pdfPageCount(pdf)).toBe(2);
    expect(pdfPageCount(bytes('%PDF-1.4\n2 0 obj << /Type /Page >> endobj\n3 0 obj <</Type/Page>> endobj\n4 0 obj <</Type /Page>> endobj\n'))).toBe(3);
    // The page tree's own count wins over page objects an incremental update wrote twice.
    const updated = bytes(`${'%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n2 0 obj << /Type /Page >> endobj\n3 0 obj << /Type /Page >> endobj\n'}2 0 obj << /Type /Page /Rotate 90 >> endobj\n`);
    expect(pdfPageCount(updated)).toBe(2);
    // A page tree with a subtree: the root's count is the largest.
    expect(pdfPageCount(bytes('%PDF-1.4\n1 0 obj <</Type/Pages/Kids[2 0 R]/Count 12>> endobj\n2 0 obj <</Type/Pages/Parent 1 0 R/Count 5/Kids[]>> endobj\n'))).toBe(12);
  });

  it('is undefined when the pages are compressed out of sight', () => {
    expect(pdfPageCount(bytes('%PDF-1.7\n1 0 obj << /Type /ObjStm /N 4 >> stream\n...\nendstream'))).toBeUndefined();
  });
});
