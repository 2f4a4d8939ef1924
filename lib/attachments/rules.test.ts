import { describe, expect, it } from 'vitest';
import { attachmentSupport } from '../models';
import {
  ATTACHMENT_LIMITS,
  attachmentIdFromUrl,
  attachmentUrl,
  checkFile,
  checkMessageRoom,
  checkModelSupport,
  sniffMediaType,
} from './rules';

const bytes = (...values: Array<number | string>) =>
  new Uint8Array(values.flatMap((value) => (typeof value === 'string' ? Array.from(value, (char) => char.charCodeAt(0)) : [value])));
const MB = 1024 * 1024;

describe('sniffMediaType', () => {
  it.each([
    ['image/png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF')],
    ['image/gif', bytes('GIF89a', 1, 0, 1, 0)],
    ['image/gif', bytes('GIF87a', 1, 0, 1, 0)],
    ['image/webp', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.4\n')],
  ])('recognises %s by its first bytes', (type, data) => {
    expect(sniffMediaType(data)).toBe(type);
  });

  it.each([
    ['text posing as a PNG', bytes('this is not a png at all')],
    ['HTML', bytes('<!doctype html><script>')],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')],
    ['a truncated PNG signature', bytes(0x89, 'PNG')],
    ['nothing', bytes()],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
  ])('refuses %s', (_label, data) => {
    expect(sniffMediaType(data)).toBeUndefined();
  });
});

describe('checkFile', () => {
  it('accepts a recognised file within its limit', () => {
    expect(checkFile({ name: 'cat.png', size: ATTACHMENT_LIMITS.imageBytes, mediaType: 'image/png' })).toBeUndefined();
    expect(checkFile({ name: 'paper.pdf', size: ATTACHMENT_LIMITS.pdfBytes, mediaType: 'application/pdf' })).toBeUndefined();
  });

  it('names the file and the reason', () => {
    expect(checkFile({ name: 'notes.png', size: 10, mediaType: undefined })).toEqual({
      type: 'unsupported_file_type',
      message: 'notes.png is not a PNG, JPEG, GIF or WebP image or a PDF.',
    });
    expect(checkFile({ name: 'big.jpg', size: 6 * MB, mediaType: 'image/jpeg' })).toEqual({
      type: 'attachment_too_large',
      message: 'big.jpg is 6.0 MB; images can be at most 5.0 MB.',
    });
    expect(checkFile({ name: 'big.pdf', size: 10 * MB + 1, mediaType: 'application/pdf' })?.message).toBe('big.pdf is 10.0 MB; PDFs can be at most 10.0 MB.');
    expect(checkFile({ name: 'empty.png', size: 0, mediaType: 'image/png' })?.type).toBe('unsupported_file_type');
  });
});

describe('checkMessageRoom', () => {
  it('takes files up to the count and the total size', () => {
    const four = Array.from({ length: 4 }, () => ({ size: 4 * MB }));
    expect(checkMessageRoom(four, { name: 'fifth.png', size: 4 * MB })).toBeUndefined();
    expect(checkMessageRoom([...four, { size: 1 }], { name: 'sixth.png', size: 1 })).toEqual({
      type: 'too_many_attachments',
      message: 'sixth.png was not added: a message takes at most 5 files.',
    });
    expect(checkMessageRoom(four, { name: 'heavy.pdf', size: 5 * MB })?.type).toBe('attachments_too_large');
  });
});

describe('checkModelSupport', () => {
  const files = [
    { name: 'cat.png', mediaType: 'image/png' as const },
    { name: 'paper.pdf', mediaType: 'application/pdf' as const },
  ];

  it('lets current models read images and PDFs', () => {
    expect(checkModelSupport({ label: 'Claude Sonnet 5.5', support: attachmentSupport('claude-sonnet-5-5') }, files)).toBeUndefined();
  });

  it('says which file a model cannot read, dated snapshots included', () => {
    const haiku3 = { label: 'Claude Haiku 3', support: attachmentSupport('claude-3-haiku-20240307') };
    expect(checkModelSupport(haiku3, files)).toEqual({
      type: 'unsupported_by_model',
      message: 'Claude Haiku 3 cannot read PDFs: remove paper.pdf or pick another model.',
    });
    expect(checkModelSupport(haiku3, [files[0]!])).toBeUndefined();
  });
});

describe('attachment URLs', () => {
  it('round-trips an id and refuses every other URL', () => {
    expect(attachmentIdFromUrl(attachmentUrl('0b7d3c5e-2f41-4a8e-9c1d-6e5f4a3b2c1d'))).toBe('0b7d3c5e-2f41-4a8e-9c1d-6e5f4a3b2c1d');
    for (const url of ['https://evil.example/api/attachments/abcdefgh', '/api/attachments/../secret', 'data:image/png;base64,AAAA', '/api/attachments/abc', 'file:///etc/passwd']) {
      expect(attachmentIdFromUrl(url)).toBeUndefined();
    }
  });
});
