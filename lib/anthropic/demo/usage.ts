// The demo model's input token count, measured the way Anthropic documents it: text at about four
// characters a token, images by their pixels after Anthropic's downscaling, PDFs by their pages.

import { imageDimensions, pdfPageCount, type ImageDimensions } from '../../attachments/dimensions';
import { estimateTokens } from '../wire';

/** Anthropic scales an image down until its long edge is at most 1568 px and it is at most about 1.15 megapixels. */
const MAX_LONG_EDGE_PX = 1568;
const MAX_IMAGE_TOKENS = 1600;
const PIXELS_PER_TOKEN = 750;

/** An image's input tokens: width × height / 750, after Anthropic's downscaling. */
export function imageTokens({ width, height }: ImageDimensions): number {
  const scale = Math.min(1, MAX_LONG_EDGE_PX / Math.max(width, height), Math.sqrt((MAX_IMAGE_TOKENS * PIXELS_PER_TOKEN) / (width * height)));
  return Math.max(1, Math.ceil((Math.floor(width * scale) * Math.floor(height * scale)) / PIXELS_PER_TOKEN));
}

/** Each PDF page is read as its text (typically 1,500 to 3,000 tokens) and as an image of the page. */
export const PDF_TOKENS_PER_PAGE = 1_500 + MAX_IMAGE_TOKENS;
// A PDF whose pages cannot be counted is assumed to hold one page per 100 KB.
const PDF_BYTES_PER_PAGE_GUESS = 100_000;

type Block = { type?: string; text?: string; source?: { type?: string; data?: string } };
type Message = { role: string; content: string | readonly Block[] };

function blockTokens(block: Block): number {
  const bytes = block.source?.type === 'base64' && block.source.data ? Buffer.from(block.source.data, 'base64') : undefined;
  if (block.type === 'image' && bytes) {
    const size = imageDimensions(bytes);
    // An image that cannot be read would be refused by Anthropic; the demo counts it at its largest.
    return size ? imageTokens(size) : MAX_IMAGE_TOKENS;
  }
  if (block.type === 'document' && bytes) {
    const pages = pdfPageCount(bytes) ?? Math.max(1, Math.round(bytes.length / PDF_BYTES_PER_PAGE_GUESS));
    return pages * PDF_TOKENS_PER_PAGE;
  }
  return estimateTokens(block.type === 'text' ? (block.text ?? '') : JSON.stringify(block));
}

/** The input tokens of a request's messages. */
export function estimateInputTokens(messages: readonly Message[]): number {
  let tokens = 0;
  for (const message of messages) {
    tokens += typeof message.content === 'string' ? estimateTokens(message.content) : message.content.reduce((sum, block) => sum + blockTokens(block), 0);
  }
  return Math.max(1, tokens);
}
