import 'server-only';
import { randomBytes } from 'node:crypto';
import { copyMessageFiles, deleteAttachmentsOf, keepCopies, readAttachment, type AttachmentInfo, type FileScope, type Refused } from '../attachments';
import { attachmentIdFromUrl } from '../attachments/rules';
import { copyToNewConversation } from '../conversations/copy';
import { getDatabase } from '../db/client';
import {
  deleteShareOfConversation,
  getConversation,
  getShareOfConversation,
  getSharedSnapshot,
  insertShare,
  ownsConversation,
  replaceShareSnapshot,
  type ShareRecord,
  type SharedMessage,
} from '../db/queries';
import { errorResponse } from '../errors';

// Public, read-only links to a snapshot of a conversation, the way claude.ai shares: the link
// shows the conversation as it was when it was made (or last updated), under fresh ids, with
// copies of its files that only this link serves. Nothing in a snapshot says whose it is.

/** The same answer for a link that never was, was revoked, or a file that is not the link's. */
export const shareNotFound = (): Response => errorResponse({ type: 'not_found', message: 'No such shared conversation.' });

export { SHARE_ROBOTS_HEADER } from './robots';

/** A link as its owner sees it: `path` is the page anyone with it can read. */
export type ShareLink = { id: string; path: string; createdAt: string; updatedAt: string };

/** What the shared page shows. */
export type SharedConversation = { title: string; messages: SharedMessage[]; updatedAt: string };

/** 192 random bits: a link cannot be guessed, nor found by walking ids. */
function newShareId(): string {
  return randomBytes(24).toString('base64url');
}

/** The owner a share's files are kept under; no guest or account id has a colon. */
const filesOwner = (shareId: string) => `share:${shareId}`;
const filesOf = (shareId: string, snapshotId: string): FileScope => ({ ownerId: filesOwner(shareId), conversationId: snapshotId });

export const shareFileUrl = (shareId: string, fileId: string) => `/api/shares/${shareId}/files/${fileId}`;

function fileIdIn(shareId: string): (url: string) => string | undefined {
  const prefix = shareFileUrl(shareId, '');
  return (url) => {
    const id = url.startsWith(prefix) ? url.slice(prefix.length) : '';
    return /^[A-Za-z0-9_-]{8,128}$/.test(id) ? id : undefined;
  };
}

function toLink(record: ShareRecord): ShareLink {
  return { id: record.id, path: `/share/${record.id}`, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/** The owner's link to the conversation, null when it has none; undefined when the conversation is not the owner's. */
export async function getShareLink(ownerId: string, conversationId: string): Promise<{ link: ShareLink | null } | undefined> {
  const db = await getDatabase();
  if (!(await ownsConversation(db, ownerId, conversationId))) return undefined;
  const record = await getShareOfConversation(db, ownerId, conversationId);
  return { link: record ? toLink(record) : null };
}

/**
 * Shares the owner's conversation as it is now: a new link, or, when it has one, a new snapshot
 * behind the same link (the files the old one copied are deleted). Undefined when the
 * conversation is not the owner's.
 */
export async function shareConversation(ownerId: string, conversationId: string): Promise<{ ok: true; link: ShareLink } | Refused | undefined> {
  const db = await getDatabase();
  const conversation = await getConversation(db, ownerId, conversationId);
  if (!conversation) return undefined;
  const existing = await getShareOfConversation(db, ownerId, conversationId);
  const id = existing?.id ?? newShareId();
  const snapshotId = crypto.randomUUID();
  const files = filesOf(id, snapshotId);
  const copied = await copyMessageFiles(
    { ownerId, conversationId, idOf: attachmentIdFromUrl },
    { ...files, urlOf: (fileId) => shareFileUrl(id, fileId) },
    conversation.messages,
  );
  if (!copied.ok) return copied;
  const snapshot = {
    snapshotId,
    title: conversation.title,
    messages: copied.messages.map(({ role, parts, metadata, status }) => ({ id: crypto.randomUUID(), role, parts, metadata, status })),
  };
  const saved = existing ? await replaceShareSnapshot(db, ownerId, id, snapshot) : await insertShare(db, ownerId, { ...snapshot, id, conversationId });
  if (!saved) {
    // The conversation went, or another tab shared it at the same moment: that link stands.
    await deleteAttachmentsOf(files.ownerId, files.conversationId);
    const current = await getShareOfConversation(db, ownerId, conversationId);
    return current && { ok: true, link: toLink(current) };
  }
  await keepCopies(files);
  if (existing) await deleteAttachmentsOf(filesOwner(id), existing.snapshotId);
  return { ok: true, link: toLink(saved) };
}

/** Deletes the link to the owner's conversation and its files: the link and its files are 404s from now on. False when it had none. */
export async function revokeShare(ownerId: string, conversationId: string): Promise<boolean> {
  const deleted = await deleteShareOfConversation(await getDatabase(), ownerId, conversationId);
  if (!deleted) return false;
  await deleteAttachmentsOf(filesOwner(deleted.id), deleted.snapshotId);
  return true;
}

/** A shared conversation, for anyone with its link. */
export async function readSharedConversation(shareId: string): Promise<SharedConversation | undefined> {
  const snapshot = await getSharedSnapshot(await getDatabase(), shareId);
  return snapshot && { title: snapshot.title, messages: snapshot.messages, updatedAt: snapshot.updatedAt };
}

/** A file of the share, and only of that share (and its current snapshot: older ones are deleted). */
export function readSharedFile(shareId: string, fileId: string): Promise<{ attachment: AttachmentInfo; bytes: Uint8Array<ArrayBuffer> } | undefined> {
  return readAttachment(filesOwner(shareId), fileId);
}

/** "Continue this conversation": the shared snapshot, files and all, in a new chat of the visitor's. Undefined when there is no such link. */
export async function continueSharedConversation(ownerId: string, shareId: string): Promise<{ ok: true; id: string } | Refused | undefined> {
  const snapshot = await getSharedSnapshot(await getDatabase(), shareId);
  if (!snapshot) return undefined;
  return copyToNewConversation(ownerId, {
    title: snapshot.title,
    settings: {},
    messages: snapshot.messages,
    files: { ...filesOf(shareId, snapshot.snapshotId), idOf: fileIdIn(shareId) },
  });
}
