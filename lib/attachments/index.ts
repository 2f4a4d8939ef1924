import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getDatabase, type Database } from '../db/client';
import type { ConversationForClaude, FileBytes } from '../protocol/to-anthropic';
import {
  deleteConversationAttachments,
  deleteStaleUnsentAttachments,
  deleteUnsentAttachment,
  getAttachment,
  getConversationAttachments,
  insertAttachmentWithinQuota,
  markAttachmentsSent,
  markScopeSent,
  type AttachmentQuotaRefusal,
  type AttachmentRecord,
  type StoredMessage,
} from '../db/queries';
import { env, type Env } from '../env';
import { attachmentSupport } from '../models';
import {
  ATTACHMENT_LIMITS,
  attachmentIdFromUrl,
  attachmentUrl,
  base64Length,
  checkFile,
  checkMessageRoom,
  checkModelSupport,
  formatBytes,
  isAttachmentMediaType,
  pagesMetadata,
  sniffMediaType,
  SNIFF_BYTES,
  type AttachmentMediaType,
  type AttachmentProblem,
} from './rules';
import { pdfPageCount } from './dimensions';
import { createPostgresStore } from './postgres-store';
import { createS3Store } from './s3-store';
import { createDiskStore, withPreviousStore, type AttachmentStore } from './store';

// The one way in to attachments: upload within the quotas, read back, resolve for Claude, delete
// with the conversation or, never sent, a day later. The database says whose a file is and how
// large; the store holds its bytes.

export type { AttachmentStore };

let store: AttachmentStore | undefined;

/** The process's attachment store, as RILL_ATTACHMENT_STORE says (by default the database's own). */
export function getAttachmentStore(): AttachmentStore {
  store ??= openAttachmentStore(env, getDatabase);
  return store;
}

type StoreSettings = Pick<
  Env,
  'RILL_ATTACHMENT_STORE' | 'RILL_DATA_DIR' | 'S3_BUCKET' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'
>;

/**
 * The store the settings name. Files an earlier disk store kept in RILL_DATA_DIR/attachments
 * stay readable after a move to the database or a bucket: the disk is still read, never written.
 */
export function openAttachmentStore(settings: StoreSettings, database: () => Promise<Database>): AttachmentStore {
  const folder = path.resolve(settings.RILL_DATA_DIR, 'attachments');
  const disk = createDiskStore(folder);
  if (settings.RILL_ATTACHMENT_STORE === 'disk') return disk;
  const current =
    settings.RILL_ATTACHMENT_STORE === 'postgres'
      ? createPostgresStore(database)
      : createS3Store({
          // lib/env refuses s3 without a bucket.
          bucket: settings.S3_BUCKET!,
          region: settings.S3_REGION,
          endpoint: settings.S3_ENDPOINT,
          forcePathStyle: settings.S3_FORCE_PATH_STYLE,
          credentials:
            settings.S3_ACCESS_KEY_ID && settings.S3_SECRET_ACCESS_KEY
              ? { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY }
              : undefined,
        });
  return existsSync(folder) ? withPreviousStore(current, disk) : current;
}

/** An attachment as the browser knows it: what its UI message `file` part is made of. */
export type AttachmentInfo = { id: string; url: string; mediaType: AttachmentMediaType; filename: string; size: number; pages?: number };

/** Refusals only the server can give: they depend on what is stored, not on the file alone. */
type StorageProblem = {
  type: 'invalid_attachment' | 'attachment_quota_exceeded' | 'storage_full' | 'conversation_too_large' | 'storage_unavailable';
  message: string;
};

export type Refused = { ok: false; status: 400 | 413 | 503 | 507; problem: AttachmentProblem | StorageProblem };

const statusOf = (problem: AttachmentProblem): 400 | 413 =>
  problem.type === 'attachment_too_large' || problem.type === 'attachments_too_large' ? 413 : 400;

function info(record: AttachmentRecord & { mediaType: AttachmentMediaType }): AttachmentInfo {
  return { id: record.id, url: attachmentUrl(record.id), mediaType: record.mediaType, filename: record.filename, size: record.size, ...(record.pages ? { pages: record.pages } : {}) };
}

/** Control characters and path separators have no place in a name shown and sent in headers. */
function cleanFilename(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || 'attachment';
}

const MiB = 1024 * 1024;

function quotaRefusal(file: { filename: string; size: number }, refusal: AttachmentQuotaRefusal): Refused {
  const { filename } = file;
  if (refusal.quota === 'owner') {
    // Making room cannot help a file larger than the whole quota: saying so spares a futile clean-up.
    const message =
      file.size > refusal.quotaBytes
        ? `${filename} was not added: it is ${formatBytes(file.size)}, more than the ${formatBytes(refusal.quotaBytes)} of files you may keep.`
        : `${filename} was not added: your files take ${formatBytes(refusal.usedBytes)} of the ${formatBytes(refusal.quotaBytes)} you may keep. ` +
          'Delete chats with files you no longer need to make room.';
    return { ok: false, status: 413, problem: { type: 'attachment_quota_exceeded', message } };
  }
  return {
    ok: false,
    status: 507,
    problem: { type: 'storage_full', message: `${filename} was not added: this Rill's storage for files is full. Try again later.` },
  };
}

/** Checks the bytes (their real type, their size) and stores them for the owner's conversation, within the quotas. */
export async function uploadAttachment(
  ownerId: string,
  input: { conversationId: string; filename: string; bytes: Uint8Array },
): Promise<{ ok: true; attachment: AttachmentInfo } | Refused> {
  const filename = cleanFilename(input.filename);
  const mediaType = sniffMediaType(input.bytes.subarray(0, SNIFF_BYTES));
  const problem = checkFile({ name: filename, size: input.bytes.byteLength, mediaType });
  if (problem) return { ok: false, status: statusOf(problem), problem };

  // checkFile refuses a type it does not recognise, so the type is known here.
  const pages = mediaType === 'application/pdf' ? (pdfPageCount(input.bytes) ?? null) : null;
  const record = { id: crypto.randomUUID(), conversationId: input.conversationId, mediaType: mediaType!, filename, size: input.bytes.byteLength, pages };
  const db = await getDatabase();
  const refusal = await insertAttachmentWithinQuota(db, ownerId, record, {
    ownerBytes: env.RILL_ATTACHMENT_QUOTA_PER_IDENTITY_MB * MiB,
    totalBytes: env.RILL_ATTACHMENT_QUOTA_TOTAL_MB * MiB,
  });
  if (refusal) return quotaRefusal(record, refusal);
  try {
    await getAttachmentStore().put(record.id, input.bytes, record.mediaType);
  } catch (error) {
    // The row counts against the quotas: without its bytes it must go too (or be swept in a day).
    await deleteUnsentAttachment(db, ownerId, record.id).catch(() => false);
    // A database or bucket out of reach is the deployment's fault, and usually brief: a 503 the composer shows, not a bare 500.
    console.error('Rill could not store an attachment:', error instanceof Error ? error.message : error);
    return {
      ok: false,
      status: 503,
      problem: { type: 'storage_unavailable', message: `${filename} was not added: Rill cannot store files right now. Try again in a moment.` },
    };
  }
  return { ok: true, attachment: info(record) };
}

/** The attachment and its bytes, when it is the owner's. */
export async function readAttachment(ownerId: string, id: string): Promise<{ attachment: AttachmentInfo; bytes: Uint8Array<ArrayBuffer> } | undefined> {
  const record = await getAttachment(await getDatabase(), ownerId, id);
  if (!record || !isAttachmentMediaType(record.mediaType)) return undefined;
  const bytes = await getAttachmentStore().get(record.id);
  return bytes ? { attachment: info({ ...record, mediaType: record.mediaType }), bytes } : undefined;
}

type FilePart = { type: 'file'; url: string; mediaType: string; filename?: string | undefined };
type Part = { type: 'text'; text: string } | FilePart;

/**
 * Checks a new message's attached files at the trust boundary: each must be an upload of this
 * owner to this conversation, within the per-message count and size, and readable by the model.
 * Returns the parts with every file part rewritten from what was stored (type, name, address).
 */
export async function checkMessageAttachments<T extends Part>(
  ownerId: string,
  conversationId: string,
  parts: readonly T[],
  model: string,
): Promise<{ ok: true; parts: T[] } | Refused> {
  const ids = parts.flatMap((part) => (part.type === 'file' ? [attachmentIdFromUrl(part.url) ?? ''] : []));
  if (ids.length === 0) return { ok: true, parts: [...parts] };
  const records = new Map((await getConversationAttachments(await getDatabase(), ownerId, conversationId, ids)).map((record) => [record.id, record]));

  const accepted: AttachmentInfo[] = [];
  for (const id of ids) {
    const record = records.get(id);
    if (!record || !isAttachmentMediaType(record.mediaType)) {
      return { ok: false, status: 400, problem: { type: 'invalid_attachment', message: 'An attached file is not available. Remove it and attach it again.' } };
    }
    const attachment = info({ ...record, mediaType: record.mediaType });
    const problem = checkMessageRoom(accepted, { name: attachment.filename, size: attachment.size });
    if (problem) return { ok: false, status: statusOf(problem), problem };
    accepted.push(attachment);
  }
  const unsupported = checkModelSupport(
    { label: model, support: attachmentSupport(model) },
    accepted.map((attachment) => ({ name: attachment.filename, mediaType: attachment.mediaType })),
  );
  if (unsupported) return { ok: false, status: 400, problem: unsupported };

  const byUrl = new Map(accepted.map((attachment) => [attachment.url, attachment]));
  return {
    ok: true,
    parts: parts.map((part) => {
      const attachment = part.type === 'file' ? byUrl.get(part.url) : undefined;
      return attachment
        ? ({ type: 'file', url: attachment.url, mediaType: attachment.mediaType, filename: attachment.filename, ...pagesMetadata(attachment.pages) } as T)
        : part;
    }),
  };
}

function isFilePart(part: unknown): part is FilePart {
  return typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'file' && typeof (part as { url?: unknown }).url === 'string';
}

/** The file parts' attachment ids, one per part (a file sent twice is sent twice). */
function fileIds(history: readonly StoredMessage[]): string[] {
  return history.flatMap((message) => message.parts.flatMap((part) => (isFilePart(part) ? [attachmentIdFromUrl(part.url) ?? ''] : [])));
}

/**
 * Measures the files a turn's history would send Claude, from their records alone, and refuses
 * the turn when their base64 would not fit one request. Otherwise `withBytes` reads them: the
 * conversation for lib/protocol/to-anthropic, each file's bytes by its part's URL, and a note
 * instead of a file that is gone (its parts are otherwise as stored). Reading costs memory
 * (every file of the conversation, encoded), so the caller does it only once it may stream.
 */
export async function prepareHistoryFiles(
  ownerId: string,
  conversationId: string,
  history: readonly StoredMessage[],
): Promise<{ ok: true; bytes: number; withBytes: () => Promise<ConversationForClaude> } | Refused> {
  const ids = fileIds(history);
  const records = new Map((await getConversationAttachments(await getDatabase(), ownerId, conversationId, ids)).map((record) => [record.id, record]));
  const sizes = ids.flatMap((id) => records.get(id)?.size ?? []);
  const encoded = sizes.reduce((sum, size) => sum + base64Length(size), 0);
  if (encoded > ATTACHMENT_LIMITS.requestEncodedBytes) {
    // In the sizes people see: the files' own, not their encoding.
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const most = (ATTACHMENT_LIMITS.requestEncodedBytes / 4) * 3;
    return {
      ok: false,
      status: 413,
      problem: {
        type: 'conversation_too_large',
        message:
          `With this message, this chat's files come to ${formatBytes(total)}, more than the ${formatBytes(most)} Claude can read in one request. ` +
          'Start a new chat for this message, or edit an earlier message: that drops the files sent after it.',
      },
    };
  }
  return { ok: true, bytes: sizes.reduce((sum, size) => sum + size, 0), withBytes: () => withAttachmentBytes(history, records) };
}

async function withAttachmentBytes(history: readonly StoredMessage[], records: ReadonlyMap<string, AttachmentRecord>): Promise<ConversationForClaude> {
  // One file at a time: each file's raw bytes are let go once encoded, so only the encodings add up.
  const encoded = new Map<string, FileBytes>();
  for (const record of records.values()) {
    const bytes = await getAttachmentStore().get(record.id);
    if (bytes && isAttachmentMediaType(record.mediaType)) {
      encoded.set(record.id, { mediaType: record.mediaType, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') });
    }
  }
  const files = new Map<string, FileBytes>();
  const messages = history.map((message) => ({
    ...message,
    parts: message.parts.map((part) => {
      if (!isFilePart(part)) return part;
      const file = encoded.get(attachmentIdFromUrl(part.url) ?? '');
      if (!file) return { type: 'text', text: `(The attached file ${part.filename ?? ''} is no longer available.)` };
      files.set(part.url, file);
      return part;
    }),
  }));
  return { messages, files };
}

/** Records that a saved message carries these files: from now on they go only with their conversation. */
export async function markSent(ownerId: string, conversationId: string, parts: readonly unknown[]): Promise<void> {
  const ids = parts.flatMap((part) => (isFilePart(part) ? [attachmentIdFromUrl(part.url) ?? ''] : []));
  await markAttachmentsSent(await getDatabase(), ownerId, conversationId, ids);
}

/** Deletes an attachment that no saved message carries (removed from the composer). False when there is none such. */
export async function discardAttachment(ownerId: string, id: string): Promise<boolean> {
  if (!(await deleteUnsentAttachment(await getDatabase(), ownerId, id))) return false;
  await removeFiles([id]);
  return true;
}

/** Deletes every attachment of the conversation, records and bytes. */
export async function deleteAttachmentsOf(ownerId: string, conversationId: string): Promise<void> {
  await removeFiles(await deleteConversationAttachments(await getDatabase(), ownerId, conversationId));
}

async function removeFiles(ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => getAttachmentStore().delete(id)));
}

/** Whose files these are: an owner's conversation, or a share's snapshot (lib/shares). */
export type FileScope = { ownerId: string; conversationId: string };

/**
 * Copies the files these messages carry from one scope to another (a fork, a share, a shared
 * conversation continued), records and bytes, within the quotas of the scope they go to. Returns
 * the messages with every file part pointing at its copy (`to.urlOf`); a file that is gone
 * becomes a note. The copies stay unsent, swept in a day, until `keepCopies`: a copy whose
 * messages were never saved does not outlive it. Refused, it leaves no copy behind.
 */
export async function copyMessageFiles<M extends { parts: unknown[] }>(
  from: FileScope & { idOf: (url: string) => string | undefined },
  to: FileScope & { urlOf: (id: string) => string },
  messages: readonly M[],
): Promise<{ ok: true; messages: M[] } | Refused> {
  const db = await getDatabase();
  const ids = messages.flatMap((message) => message.parts.flatMap((part) => (isFilePart(part) ? [from.idOf(part.url) ?? ''] : [])));
  const records = await getConversationAttachments(db, from.ownerId, from.conversationId, ids);
  const copies = new Map<string, string>();
  for (const record of records) {
    const bytes = await getAttachmentStore().get(record.id);
    if (!bytes) continue;
    const copy = { ...record, id: crypto.randomUUID(), conversationId: to.conversationId };
    const refusal = await insertAttachmentWithinQuota(db, to.ownerId, copy, {
      ownerBytes: env.RILL_ATTACHMENT_QUOTA_PER_IDENTITY_MB * MiB,
      totalBytes: env.RILL_ATTACHMENT_QUOTA_TOTAL_MB * MiB,
    });
    if (refusal) {
      await deleteAttachmentsOf(to.ownerId, to.conversationId);
      return quotaRefusal(record, refusal);
    }
    await getAttachmentStore().put(copy.id, bytes, copy.mediaType);
    copies.set(record.id, copy.id);
  }
  return {
    ok: true,
    messages: messages.map((message) => ({
      ...message,
      parts: message.parts.map((part) => {
        if (!isFilePart(part)) return part;
        const copy = copies.get(from.idOf(part.url) ?? '');
        return copy ? { ...part, url: to.urlOf(copy) } : { type: 'text', text: `(The attached file ${part.filename ?? ''} is no longer available.)` };
      }),
    })),
  };
}

/** Keeps the copies `copyMessageFiles` made, now that the messages carrying them are saved. */
export async function keepCopies(scope: FileScope): Promise<void> {
  await markScopeSent(await getDatabase(), scope.ownerId, scope.conversationId);
}

/** Files attached but never sent are swept once they are this old. */
const UNSENT_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Rows deleted (and files removed) per statement, so that a large backlog never makes one huge delete. */
const SWEEP_BATCH = 500;

/**
 * Deletes every owner's files that were uploaded over a day before `now` and never sent, records
 * then bytes; returns how many. Instances may sweep at once: each row, and so each file, is
 * deleted by one of them.
 */
export async function sweepUnsentAttachments(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - UNSENT_LIFETIME_MS);
  let swept = 0;
  for (;;) {
    const ids = await deleteStaleUnsentAttachments(await getDatabase(), before, SWEEP_BATCH);
    await removeFiles(ids);
    swept += ids.length;
    if (ids.length < SWEEP_BATCH) return swept;
  }
}

const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/** Sweeps unsent files now and every few minutes while the process runs, without keeping it alive for that. */
export function scheduleUnsentAttachmentSweeps(): void {
  let sweeping = false;
  const sweep = () => {
    // A slow sweep is not stacked on: the next tick after it ends picks up what is left.
    if (sweeping) return;
    sweeping = true;
    sweepUnsentAttachments()
      .catch((error: unknown) => console.error('Rill could not sweep unsent attachments:', error instanceof Error ? error.message : error))
      .finally(() => {
        sweeping = false;
      });
  };
  sweep();
  setInterval(sweep, SWEEP_INTERVAL_MS).unref();
}
