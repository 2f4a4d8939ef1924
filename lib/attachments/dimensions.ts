// The size of an attached file as a model sees it: an image's pixels, read from its header, and
// a PDF's pages. Pure functions on the bytes, for estimates (the demo model's token usage).

export type ImageDimensions = { width: number; height: number };

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));

function png(bytes: Uint8Array, view: DataView): ImageDimensions | undefined {
  // The IHDR chunk comes first: width and height at bytes 16 and 20, big-endian.
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function gif(bytes: Uint8Array, view: DataView): ImageDimensions | undefined {
  if (bytes.length < 10) return undefined;
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

function jpeg(bytes: Uint8Array, view: DataView): ImageDimensions | undefined {
  let offset = 2;
  while (offset + 9 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    // Fill bytes, and markers without a length.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    // Start of frame (SOF0–SOF15 except DHT, JPG and DAC): precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: view.getUint16(offset + 7), height: view.getUint16(offset + 5) };
    }
    offset += 2 + view.getUint16(offset + 2);
  }
  return undefined;
}

function webp(bytes: Uint8Array, view: DataView): ImageDimensions | undefined {
  if (bytes.length < 30) return undefined;
  switch (ascii(bytes, 12, 4)) {
    case 'VP8 ': // lossy: 14-bit sizes after the key frame's start code
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    case 'VP8L': {
      // lossless: two 14-bit fields, minus one, after the signature byte
      const bits = view.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X': {
      // extended: 24-bit canvas sizes, minus one
      const uint24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
      return { width: uint24(24) + 1, height: uint24(27) + 1 };
    }
    default:
      return undefined;
  }
}

/** The pixel size of a PNG, JPEG, GIF or WebP image, from its first bytes; undefined when unreadable. */
export function imageDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader =
    bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG' ? png
    : bytes[0] === 0xff && bytes[1] === 0xd8 ? jpeg
    : ascii(bytes, 0, 3) === 'GIF' ? gif
    : ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP' ? webp
    : undefined;
  const size = reader?.(bytes, view);
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}

/**
 * How many pages a PDF has: the page tree root's /Count (the largest of the page tree nodes'),
 * else its page objects counted, which an incremental update may have written twice; undefined
 * when both are hidden in compressed object streams, as in many PDFs written since 2003.
 */
export function pdfPageCount(bytes: Uint8Array): number | undefined {
  const text = new TextDecoder('latin1').decode(bytes);
  const treeCounts = [...text.matchAll(/<<(?:(?!<<|>>)[\s\S])*?\/Type\s*\/Pages(?![a-zA-Z])(?:(?!<<|>>)[\s\S])*?>>/g)].flatMap(
    ([dictionary]) => [...dictionary.matchAll(/\/Count\s+(\d+)/g)].map((match) => Number(match[1])),
  );
  const pages = treeCounts.length > 0 ? Math.max(...treeCounts) : (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0);
  return pages > 0 ? pages : undefined;
}
