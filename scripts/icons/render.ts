// Renders Rill's icons in public/ from the one drawing below: `node scripts/icons/render.ts`.
// Run it again after changing the drawing, and commit what it writes.
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

const ACCENT = '#a34a24';

/** Three ripples on the accent colour; `inset` shrinks them into a maskable icon's safe zone. */
function drawing({ rounded, inset }: { rounded: boolean; inset: number }): string {
  const scale = 1 - 2 * inset;
  const ripple = (y: number) => `<path d="M14 ${y}c6-6 12 6 18 0s12 6 18 0" />`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">',
    `<rect width="64" height="64" rx="${rounded ? 14 : 0}" fill="${ACCENT}"/>`,
    `<g transform="translate(${64 * inset} ${64 * inset}) scale(${scale})" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round">`,
    ripple(22),
    ripple(32),
    ripple(42),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

async function png(svg: string, size: number): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: (72 * size) / 64 }).resize(size, size).png().toBuffer();
}

/** An .ico holding one PNG, which every browser since 2007 reads. */
function ico(image: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, image]);
}

const out = (name: string) => new URL(`../../public/${name}`, import.meta.url);
const rounded = drawing({ rounded: true, inset: 0 });
// Home screens crop to their own shape: fill the square and keep the mark inside the middle 80%.
const fullBleed = drawing({ rounded: false, inset: 0.1 });

writeFileSync(out('icon.svg'), rounded);
writeFileSync(out('favicon.ico'), ico(await png(rounded, 32), 32));
writeFileSync(out('icon-192.png'), await png(rounded, 192));
writeFileSync(out('icon-512.png'), await png(rounded, 512));
writeFileSync(out('icon-maskable-512.png'), await png(fullBleed, 512));
writeFileSync(out('apple-touch-icon.png'), await png(fullBleed, 180));
