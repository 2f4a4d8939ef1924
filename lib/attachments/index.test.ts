import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import type { StoredMessage } from '../db/queries';

// The module reads RILL_DATA_DIR, the quotas and the database once: throwaway places, small quotas.
const dataDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/rill-attachments-${Math.random().toString(36).slice(2)}`;
  process.env.RILL_DATA_DIR = dir;
  process.env.RILL_ATTACHMENT_QUOTA_PER_IDENTITY_MB = '1';
  process.env.RILL_ATTACHMENT_QUOTA_TOTAL_MB = '2';
  return dir;
});
const database = vi.hoisted(() => ({ handle: undefined as Promise<DatabaseHandle> | undefined }));
vi.mock('../db/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('../db/client')>();
  return { ...original, getDatabase: () => (database.handle ??= original.createDatabase({ dataDir: 'memory://' })).then((h) => h.db) };
});

const { getDatabase } = await import('../db/client');
const { env } = await import('../env');
const { createDiskStore } = await import('./store');
const { attachments } = await import('../db/schema');
const {
  checkMessageAttachments,
  deleteAttachmentsOf,
  discardAttachment,
  getAttachmentStore,
  markSent,
  openAttachmentStore,
  prepareHistoryFiles,
  readAttachment,
  sweepUnsentAttachments,
  uploadAttachment,
} = await import('./index');

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
const KB = 1024;
const MB = 1024 * KB;
const OWNER = 'owner-aaaaaaaa';
const OTHER = 'owner-bbbbbbbb';
const CONVERSATION = 'conversation-0001';

async function upload(bytes: Uint8Array, filename: string, owner = OWNER, conversationId = CONVERSATION) {
  const result = await uploadAttachment(owner, { conversationId, filename, bytes });
  if (!result.ok) throw new Error(result.problem.message);
  return result.attachment;
}

const filePart = (attachment: { url: string }, mediaType = 'image/png') => ({ type: 'file' as const, url: attachment.url, mediaType, filename: 'claimed.png' });

/** A PDF (as far as sniffing goes) of `size` bytes. */
function pdfOf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(PDF);
  return bytes;
}

function userMessage(id: string, parts: StoredMessage['parts']): StoredMessage {
  return { id, role: 'user', parts, metadata: null, status: 'complete', createdAt: new Date().toISOString() };
}

// Opening PGlite and migrating it takes a few seconds on a busy machine.
beforeAll(() => getDatabase(), 60_000);
afterAll(async () => {
  await (await database.handle)?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('uploadAttachment', () => {
  it('stores a file under its sniffed type and gives it back to its owner only', async () => {
    const attachment = await upload(PDF, 'report.png');
    expect(attachment).toMatchObject({ mediaType: 'application/pdf', filename: 'report.png', size: PDF.length });
    expect(attachment.url).toBe(`/api/attachments/${attachment.id}`);
    expect((await readAttachment(OWNER, attachment.id))?.bytes).toEqual(PDF);
    expect(await readAttachment(OTHER, attachment.id)).toBeUndefined();
  });

  it('refuses text posing as an image (400) and an oversized image (413), storing nothing', async () => {
    const before = await readdir(path.join(dataDir, 'attachments'));
    const text = await uploadAttachment(OWNER, { conversationId: CONVERSATION, filename: 'notes.png', bytes: new TextEncoder().encode('just text') });
    expect(text).toMatchObject({ ok: false, status: 400, problem: { type: 'unsupported_file_type' } });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    const oversized = await uploadAttachment(OWNER, { conversationId: CONVERSATION, filename: 'big.png', bytes: big });
    expect(oversized).toMatchObject({ ok: false, status: 413, problem: { type: 'attachment_too_large' } });
    expect(await readdir(path.join(dataDir, 'attachments'))).toEqual(before);
  });

  it('says the storage is unavailable (503) when the store fails, and keeps no record that would count against the quota', async () => {
    // A real failure: the store's folder is a plain file for the while.
    const folder = path.join(dataDir, 'attachments');
    await rename(folder, `${folder}-aside`);
    await writeFile(folder, 'not a folder');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const conversationId = 'conversation-unavailable';
      expect(await uploadAttachment(OWNER, { conversationId, filename: 'cat.png', bytes: PNG })).toEqual({
        ok: false,
        status: 503,
        problem: { type: 'storage_unavailable', message: 'cat.png was not added: Rill cannot store files right now. Try again in a moment.' },
      });
      expect(await (await getDatabase()).select().from(attachments).where(eq(attachments.conversationId, conversationId))).toEqual([]);
    } finally {
      errors.mockRestore();
      await rm(folder);
      await rename(`${folder}-aside`, folder);
    }
  });

  it('keeps control characters and path separators out of the name', async () => {
    expect((await upload(PNG, '../evil\u0000\nname.png')).filename).toBe('.._evil__name.png');
  });

  it("refuses a file over the owner's quota (413), saying how much is used and how to make room, and stores nothing", async () => {
    const owner = 'owner-quota001';
    await upload(pdfOf(700 * KB), 'first.pdf', owner);
    const before = await readdir(path.join(dataDir, 'attachments'));
    expect(await uploadAttachment(owner, { conversationId: CONVERSATION, filename: 'second.pdf', bytes: pdfOf(400 * KB) })).toEqual({
      ok: false,
      status: 413,
      problem: {
        type: 'attachment_quota_exceeded',
        message: 'second.pdf was not added: your files take 700 KB of the 1.0 MB you may keep. Delete chats with files you no longer need to make room.',
      },
    });
    expect(await readdir(path.join(dataDir, 'attachments'))).toEqual(before);
    const whole = await uploadAttachment(owner, { conversationId: CONVERSATION, filename: 'whole.pdf', bytes: pdfOf(1.5 * MB) });
    expect(whole).toMatchObject({ ok: false, status: 413, problem: { message: 'whole.pdf was not added: it is 1.5 MB, more than the 1.0 MB of files you may keep.' } });
    // Another owner still has room of their own.
    await upload(pdfOf(400 * KB), 'theirs.pdf', 'owner-quota002');
    // Leaving the deployment's small quota to the next test.
    await deleteAttachmentsOf(owner, CONVERSATION);
    await deleteAttachmentsOf('owner-quota002', CONVERSATION);
  });

  it("refuses any owner's file once the deployment's storage is full (507)", async () => {
    await upload(pdfOf(900 * KB), 'a.pdf', 'owner-quota003');
    await upload(pdfOf(900 * KB), 'b.pdf', 'owner-quota004');
    expect(await uploadAttachment('owner-quota005', { conversationId: CONVERSATION, filename: 'c.pdf', bytes: pdfOf(300 * KB) })).toEqual({
      ok: false,
      status: 507,
      problem: { type: 'storage_full', message: "c.pdf was not added: this Rill's storage for files is full. Try again later." },
    });
    // Deleting files makes room again.
    await deleteAttachmentsOf('owner-quota003', CONVERSATION);
    await upload(pdfOf(300 * KB), 'c.pdf', 'owner-quota005');
    await deleteAttachmentsOf('owner-quota004', CONVERSATION);
    await deleteAttachmentsOf('owner-quota005', CONVERSATION);
  });
});

describe('checkMessageAttachments', () => {
  it('rewrites file parts from what was stored, whatever the browser claimed', async () => {
    const pdf = await upload(PDF, 'paper.pdf');
    const result = await checkMessageAttachments(OWNER, CONVERSATION, [filePart(pdf), { type: 'text', text: 'Summarise' }], 'claude-sonnet-5-5');
    expect(result).toEqual({
      ok: true,
      parts: [{ type: 'file', url: pdf.url, mediaType: 'application/pdf', filename: 'paper.pdf' }, { type: 'text', text: 'Summarise' }],
    });
  });

  it("puts a PDF's page count, as counted at upload, on its part, and drops whatever count the browser claimed", async () => {
    const threePages = new TextEncoder().encode(
      `%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R 4 0 R] /Count 3 >> endobj\n${[2, 3, 4].map((n) => `${n} 0 obj << /Type /Page /Parent 1 0 R >> endobj\n`).join('')}%%EOF\n`,
    );
    const pdf = await upload(threePages, 'three.pdf');
    expect(pdf.pages).toBe(3);
    const claimed = { ...filePart(pdf, 'application/pdf'), providerMetadata: { rill: { pages: 99 } } };
    const result = await checkMessageAttachments(OWNER, CONVERSATION, [claimed], 'claude-sonnet-5-5');
    expect(result).toEqual({
      ok: true,
      parts: [{ type: 'file', url: pdf.url, mediaType: 'application/pdf', filename: 'three.pdf', providerMetadata: { rill: { pages: 3 } } }],
    });
    // One whose pages cannot be counted says nothing of them.
    const uncounted = await upload(PDF, 'uncounted.pdf');
    expect(uncounted.pages).toBeUndefined();
    expect(await checkMessageAttachments(OWNER, CONVERSATION, [{ ...filePart(uncounted), providerMetadata: { rill: { pages: 99 } } }], 'claude-sonnet-5-5')).toEqual({
      ok: true,
      parts: [{ type: 'file', url: uncounted.url, mediaType: 'application/pdf', filename: 'uncounted.pdf' }],
    });
  });

  it("refuses another owner's file and a file of another conversation alike", async () => {
    const theirs = await upload(PNG, 'theirs.png', OTHER);
    const elsewhere = await upload(PNG, 'elsewhere.png', OWNER, 'conversation-0002');
    for (const attachment of [theirs, elsewhere]) {
      expect(await checkMessageAttachments(OWNER, CONVERSATION, [filePart(attachment)], 'claude-sonnet-5-5')).toMatchObject({
        ok: false,
        status: 400,
        problem: { type: 'invalid_attachment' },
      });
    }
  });

  it('refuses more files than a message takes', async () => {
    const six = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(PNG, `image-${i}.png`)));
    expect(await checkMessageAttachments(OWNER, CONVERSATION, six.map((a) => filePart(a)), 'claude-sonnet-5-5')).toMatchObject({
      ok: false,
      status: 400,
      problem: { type: 'too_many_attachments' },
    });
  });

  it('refuses a PDF for a model that cannot read one', async () => {
    const pdf = await upload(PDF, 'paper.pdf');
    expect(await checkMessageAttachments(OWNER, CONVERSATION, [filePart(pdf)], 'claude-3-haiku-20240307')).toMatchObject({
      ok: false,
      status: 400,
      problem: { message: 'claude-3-haiku-20240307 cannot read PDFs: remove paper.pdf or pick another model.' },
    });
  });
});

describe('prepareHistoryFiles and deleteAttachmentsOf', () => {
  it('reads the bytes for Claude only when asked, beside the history as stored, then deletes them with the conversation', async () => {
    const conversationId = 'conversation-0003';
    const image = await upload(PNG, 'cat.png', OWNER, conversationId);
    const message = userMessage('message-0001', [filePart(image), { type: 'text', text: 'What is this?' }]);
    const reads = vi.spyOn(getAttachmentStore(), 'get');
    try {
      const prepared = await prepareHistoryFiles(OWNER, conversationId, [message]);
      if (!prepared.ok) throw new Error(prepared.problem.message);
      expect(reads).not.toHaveBeenCalled();
      const { messages, files } = await prepared.withBytes();
      // The part stays as stored; its bytes go beside it, by its URL.
      expect(messages[0]?.parts[0]).toEqual(filePart(image));
      expect(files.get(image.url)).toEqual({ mediaType: 'image/png', data: Buffer.from(PNG).toString('base64') });
    } finally {
      reads.mockRestore();
    }

    // Another owner's history never gets these bytes.
    const foreign = await prepareHistoryFiles(OTHER, conversationId, [message]);
    const unavailable = foreign.ok ? await foreign.withBytes() : undefined;
    expect(unavailable?.messages[0]?.parts[0]).toEqual({ type: 'text', text: '(The attached file claimed.png is no longer available.)' });
    expect(unavailable?.files.size).toBe(0);

    await deleteAttachmentsOf(OWNER, conversationId);
    expect(await readAttachment(OWNER, image.id)).toBeUndefined();
    expect(await readdir(path.join(dataDir, 'attachments'))).not.toContain(image.id);
  });

  it('refuses a conversation whose files would not fit one request, from their sizes alone, and says what to do', async () => {
    const conversationId = 'conversation-heavy';
    // Records only: nothing is read, so no bytes need exist. Each message holds 10 MB, all 30 MB.
    const rows = Array.from({ length: 3 }, (_, i) => ({
      id: `heavy-file-000${i}`,
      ownerId: OWNER,
      conversationId,
      mediaType: 'application/pdf',
      filename: `part-${i}.pdf`,
      size: 10 * MB,
    }));
    const db = await getDatabase();
    await db.insert(attachments).values(rows);
    try {
      const history = rows.map((row, i) => userMessage(`heavy-message-${i}`, [filePart({ url: `/api/attachments/${row.id}` }, row.mediaType)]));
      expect((await prepareHistoryFiles(OWNER, conversationId, history.slice(0, 2))).ok).toBe(true);
      expect(await prepareHistoryFiles(OWNER, conversationId, history)).toEqual({
        ok: false,
        status: 413,
        problem: {
          type: 'conversation_too_large',
          message:
            "With this message, this chat's files come to 30.0 MB, more than the 22.5 MB Claude can read in one request. " +
            'Start a new chat for this message, or edit an earlier message: that drops the files sent after it.',
        },
      });
    } finally {
      // They would fill the deployment's small quota for the tests after this one.
      await deleteAttachmentsOf(OWNER, conversationId);
    }
  });
});

describe('discardAttachment and the sweep of unsent files', () => {
  it('discards an unsent file of its owner, but never a sent one nor anyone else\'s', async () => {
    const unsent = await upload(PNG, 'removed.png');
    expect(await discardAttachment(OTHER, unsent.id)).toBe(false);
    expect(await discardAttachment(OWNER, unsent.id)).toBe(true);
    expect(await readAttachment(OWNER, unsent.id)).toBeUndefined();

    const sent = await upload(PNG, 'sent.png');
    await markSent(OWNER, CONVERSATION, [filePart(sent)]);
    expect(await discardAttachment(OWNER, sent.id)).toBe(false);
    expect(await readAttachment(OWNER, sent.id)).toBeDefined();
  });

  it("sweeps every owner's unsent files once a day old, record and bytes, and keeps sent ones", async () => {
    const stale = await upload(PNG, 'stale.png', 'owner-sweeper1');
    const staleToo = await upload(PNG, 'stale-too.png', 'owner-sweeper2');
    const kept = await upload(PNG, 'kept.png', 'owner-sweeper1');
    await markSent('owner-sweeper1', CONVERSATION, [filePart(kept)]);

    expect(await sweepUnsentAttachments(new Date(Date.now() + 23 * 60 * 60 * 1000))).toBe(0);
    expect(await sweepUnsentAttachments(new Date(Date.now() + 25 * 60 * 60 * 1000))).toBeGreaterThanOrEqual(2);
    expect(await readAttachment('owner-sweeper1', stale.id)).toBeUndefined();
    expect(await readAttachment('owner-sweeper2', staleToo.id)).toBeUndefined();
    expect(await readdir(path.join(dataDir, 'attachments'))).not.toContain(stale.id);
    expect(await readAttachment('owner-sweeper1', kept.id)).toBeDefined();
  });
});

describe('openAttachmentStore', () => {
  const settings = (kind: 'disk' | 'postgres', folder: string) => ({ ...env, RILL_ATTACHMENT_STORE: kind, RILL_DATA_DIR: folder });

  it('keeps files on disk, under the data folder, when told to', async () => {
    const folder = `${dataDir}-disk`;
    const store = openAttachmentStore(settings('disk', folder), getDatabase);
    await store.put('attachment-disk1', PNG, 'image/png');
    expect(await readdir(path.join(folder, 'attachments'))).toEqual(['attachment-disk1']);
    await rm(folder, { recursive: true });
  });

  it('moved to the database, keeps new files there and still reads and deletes those kept on disk before', async () => {
    const folder = `${dataDir}-moved`;
    await createDiskStore(path.join(folder, 'attachments')).put('attachment-before', PDF, 'application/pdf');
    const store = openAttachmentStore(settings('postgres', folder), getDatabase);
    await store.put('attachment-after1', PNG, 'image/png');
    expect(await readdir(path.join(folder, 'attachments'))).toEqual(['attachment-before']);
    expect(await store.get('attachment-after1')).toEqual(PNG);
    expect(await store.get('attachment-before')).toEqual(PDF);

    await store.delete('attachment-before');
    await store.delete('attachment-after1');
    expect(await readdir(path.join(folder, 'attachments'))).toEqual([]);
    expect(await store.get('attachment-after1')).toBeUndefined();
    await rm(folder, { recursive: true });
  });

  it('in the database from the start, never touches the disk', async () => {
    const folder = `${dataDir}-database`;
    const store = openAttachmentStore(settings('postgres', folder), getDatabase);
    await store.put('attachment-only-db', PNG, 'image/png');
    expect(await store.get('attachment-only-db')).toEqual(PNG);
    await store.delete('attachment-only-db');
    await expect(readdir(folder)).rejects.toThrow('ENOENT');
  });
});
