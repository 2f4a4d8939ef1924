// What may be attached, and how much: shared by the composer (instant feedback) and the server
// (the trust boundary), so both give the same answer with the same words.

/** The media types Claude reads, each recognised by its first bytes (see `sniffMediaType`). */
export const ATTACHMENT_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];
export type AttachmentKind = 'image' | 'pdf';

const MB = 1024 * 1024;

/**
 * Anthropic takes images up to 5 MB each and requests up to 32 MB: PDFs are kept at 10 MB, and a
 * message at 20 MB in all, which is about 27 MB once base64-encoded, with room for the text. A
 * request carries every file of the conversation so far, which may come to 30 MiB encoded.
 */
export const ATTACHMENT_LIMITS = {
  imageBytes: 5 * MB,
  pdfBytes: 10 * MB,
  filesPerMessage: 5,
  messageBytes: 20 * MB,
  requestEncodedBytes: 30 * MB,
} as const;

/** How long `bytes` bytes are once base64-encoded (as files go to Claude). */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** The largest upload body the server reads: the largest single file it could accept. */
export const MAX_UPLOAD_BYTES = Math.max(ATTACHMENT_LIMITS.imageBytes, ATTACHMENT_LIMITS.pdfBytes);

/** The file picker's hint; the real check is `sniffMediaType`. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_MEDIA_TYPES.join(',');

/** How many leading bytes `sniffMediaType` needs. */
export const SNIFF_BYTES = 12;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);
const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/**
 * The media type of a file from its magic bytes, whatever its name or the browser claims:
 * a `.png` that is really text is undefined here, and is refused.
 */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

export function attachmentKind(mediaType: AttachmentMediaType): AttachmentKind {
  return mediaType === 'application/pdf' ? 'pdf' : 'image';
}

export function isAttachmentMediaType(value: string): value is AttachmentMediaType {
  return (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(value);
}

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** Why a file cannot be attached, in words that name it: `type` is the API error type. */
export type AttachmentProblem = {
  type: 'unsupported_file_type' | 'attachment_too_large' | 'too_many_attachments' | 'attachments_too_large' | 'unsupported_by_model';
  message: string;
};

/** Checks one file's real type (undefined: not recognised) and size. */
export function checkFile(file: { name: string; size: number; mediaType: AttachmentMediaType | undefined }): AttachmentProblem | undefined {
  if (!file.mediaType) {
    return { type: 'unsupported_file_type', message: `${file.name} is not a PNG, JPEG, GIF or WebP image or a PDF.` };
  }
  const kind = attachmentKind(file.mediaType);
  const limit = kind === 'pdf' ? ATTACHMENT_LIMITS.pdfBytes : ATTACHMENT_LIMITS.imageBytes;
  if (file.size > limit) {
    return {
      type: 'attachment_too_large',
      message: `${file.name} is ${formatBytes(file.size)}; ${kind === 'pdf' ? 'PDFs' : 'images'} can be at most ${formatBytes(limit)}.`,
    };
  }
  if (file.size === 0) return { type: 'unsupported_file_type', message: `${file.name} is empty.` };
  return undefined;
}

/** Checks that one more file fits in a message that already holds `attached` (count and total size). */
export function checkMessageRoom(attached: readonly { size: number }[], file: { name: string; size: number }): AttachmentProblem | undefined {
  if (attached.length >= ATTACHMENT_LIMITS.filesPerMessage) {
    return { type: 'too_many_attachments', message: `${file.name} was not added: a message takes at most ${ATTACHMENT_LIMITS.filesPerMessage} files.` };
  }
  const total = attached.reduce((sum, item) => sum + item.size, 0) + file.size;
  if (total > ATTACHMENT_LIMITS.messageBytes) {
    return {
      type: 'attachments_too_large',
      message: `${file.name} was not added: a message's files can take at most ${formatBytes(ATTACHMENT_LIMITS.messageBytes)} in all.`,
    };
  }
  return undefined;
}

/** The first of these files the model cannot read, as a message that says what to do. */
export function checkModelSupport(
  model: { label: string; support: { images: boolean; pdfs: boolean } },
  files: readonly { name: string; mediaType: AttachmentMediaType }[],
): AttachmentProblem | undefined {
  for (const file of files) {
    const kind = attachmentKind(file.mediaType);
    if (kind === 'pdf' ? model.support.pdfs : model.support.images) continue;
    return {
      type: 'unsupported_by_model',
      message: `${model.label} cannot read ${kind === 'pdf' ? 'PDFs' : 'images'}: remove ${file.name} or pick another model.`,
    };
  }
  return undefined;
}

/** Where an attachment is served; also the `url` of its UI message `file` part. */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${id}`;
}

/**
 * A PDF's page count rides on its UI message `file` part as Rill's provider metadata. The server
 * sets it from the stored file whenever a message is saved, so what a browser sends is never used.
 */
export function pagesMetadata(pages: number | null | undefined): { providerMetadata?: { rill: { pages: number } } } {
  return pages ? { providerMetadata: { rill: { pages } } } : {};
}

/** The page count `pagesMetadata` put on a file part, if any. */
export function pagesOf(part: { providerMetadata?: unknown }): number | undefined {
  const pages = (part.providerMetadata as { rill?: { pages?: unknown } } | undefined)?.rill?.pages;
  return typeof pages === 'number' && Number.isInteger(pages) && pages > 0 ? pages : undefined;
}

const ATTACHMENT_URL = /^\/api\/attachments\/([A-Za-z0-9_-]{8,128})$/;

/** The attachment id in one of Rill's own attachment URLs; undefined for any other URL. */
export function attachmentIdFromUrl(url: string): string | undefined {
  return ATTACHMENT_URL.exec(url)?.[1];
}
