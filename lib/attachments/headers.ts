import type { AttachmentMediaType } from './rules';

/**
 * Headers that serve a user's file as exactly what it was sniffed to be: never HTML, never
 * guessed at by the browser (nosniff), shown inline under its own name, and kept private.
 */
export function attachmentHeaders(attachment: { mediaType: AttachmentMediaType; filename: string; size: number }): Headers {
  // The plain name for old clients (anything outside printable ASCII, and quotes, become _), the exact one in RFC 5987 form.
  const asciiName = attachment.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return new Headers({
    'content-type': attachment.mediaType,
    'content-length': String(attachment.size),
    'content-disposition': `inline; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, max-age=86400',
    'cross-origin-resource-policy': 'same-origin',
  });
}
