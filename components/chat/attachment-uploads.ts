'use client';

import type { FileUIPart } from 'ai';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api-client';
import { checkFile, checkMessageRoom, pagesMetadata, sniffMediaType, SNIFF_BYTES, type AttachmentMediaType } from '@/lib/attachments/rules';

/** A file in the composer: checked, then uploading until the server has it. */
export type PendingAttachment = {
  key: string;
  filename: string;
  size: number;
  mediaType: AttachmentMediaType;
  /** A local preview of an image (an object URL), shown before and after the upload. */
  previewUrl?: string;
  /** The stored attachment's address, once uploaded. */
  url?: string;
  /** A PDF's page count, when the server could tell. */
  pages?: number;
};

/** Tells the server a file was removed before sending, so it does not keep it. */
function discard(url: string): void {
  void api.discardAttachment(url);
}

async function upload(conversationId: string, file: File) {
  const uploaded = await api.uploadAttachment(conversationId, file);
  if (uploaded.ok) return uploaded;
  const reason = uploaded.error.status === 0 ? 'the connection failed. Try again.' : uploaded.error.message;
  return { ok: false as const, message: reason.startsWith(file.name) ? reason : `${file.name} could not be uploaded: ${reason}` };
}

/**
 * The composer's attachments: each added file is checked at once (its real type from its first
 * bytes, its size, the message's count and total), then uploaded. A refused file never touches
 * the others or the text; `problems` says which file was refused and why.
 */
export function useAttachmentUploads(conversationId: string) {
  const [attachments, setAttachments] = useState<PendingAttachment[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  // Checks of a batch see the files accepted before them, even before React re-renders.
  const current = useRef<PendingAttachment[]>([]);
  const update = useCallback((change: (list: PendingAttachment[]) => PendingAttachment[]) => {
    current.current = change(current.current);
    setAttachments(current.current);
  }, []);

  const add = useCallback(
    async (files: readonly File[]) => {
      setProblems([]);
      const refuse = (message: string) => setProblems((shown) => [...shown, message]);
      for (const file of files) {
        const mediaType = sniffMediaType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()));
        const problem = checkFile({ name: file.name, size: file.size, mediaType }) ?? checkMessageRoom(current.current, file);
        if (problem || !mediaType) {
          refuse(problem?.message ?? `${file.name} cannot be attached.`);
          continue;
        }
        const key = crypto.randomUUID();
        const previewUrl = mediaType === 'application/pdf' ? undefined : URL.createObjectURL(file);
        update((list) => [...list, { key, filename: file.name, size: file.size, mediaType, ...(previewUrl ? { previewUrl } : {}) }]);
        void upload(conversationId, file).then((uploaded) => {
          if (uploaded.ok) {
            const answer = uploaded.data;
            // Removed while it uploaded: the server need not keep it.
            if (!current.current.some((item) => item.key === key)) return discard(answer.url);
            update((list) => list.map((item) => (item.key === key ? { ...item, url: answer.url, mediaType: answer.mediaType, filename: answer.filename, pages: answer.pages } : item)));
            return;
          }
          update((list) => list.filter((item) => item.key !== key));
          if (previewUrl) URL.revokeObjectURL(previewUrl);
          refuse(uploaded.message);
        });
      }
    },
    [conversationId, update],
  );

  const remove = useCallback(
    (key: string) => {
      const removed = current.current.find((item) => item.key === key);
      if (removed?.previewUrl) URL.revokeObjectURL(removed.previewUrl);
      if (removed?.url) discard(removed.url);
      update((list) => list.filter((item) => item.key !== key));
    },
    [update],
  );

  /** The uploaded files as UI message parts, and an empty composer for the next message. */
  const take = useCallback((): FileUIPart[] => {
    const parts = current.current.flatMap((item): FileUIPart[] =>
      item.url ? [{ type: 'file', mediaType: item.mediaType, filename: item.filename, url: item.url, ...pagesMetadata(item.pages) }] : [],
    );
    for (const item of current.current) if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    update(() => []);
    setProblems([]);
    return parts;
  }, [update]);

  // Object URLs live until the page does unless released.
  useEffect(() => () => current.current.forEach((item) => item.previewUrl && URL.revokeObjectURL(item.previewUrl)), []);

  return { attachments, problems, uploading: attachments.some((item) => !item.url), add, remove, take };
}
