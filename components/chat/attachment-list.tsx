'use client';

import type { FileUIPart } from 'ai';
import { useState, type MouseEvent } from 'react';
import { pagesOf } from '@/lib/attachments/rules';
import { DocumentIcon } from './attachment-chip';
import { ImageLightbox } from './image-lightbox';

function pdfLabel(pages: number | undefined): string {
  if (pages === undefined) return 'PDF';
  return `PDF · ${pages} ${pages === 1 ? 'page' : 'pages'}`;
}

/** Ctrl-, Cmd- or Shift-click: the person asked for a new tab or window, not the lightbox. */
function opensElsewhere(event: MouseEvent): boolean {
  return event.ctrlKey || event.metaKey || event.shiftKey || event.altKey;
}

/**
 * The files of a sent message. Images show whole, as thumbnails that open a lightbox; PDFs show
 * an icon and their name, and open in a new tab, where the browser's own viewer reads them.
 */
export function AttachmentList({ files }: { files: readonly FileUIPart[] }) {
  const [viewing, setViewing] = useState<{ url: string; name: string }>();
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="mb-1 flex flex-wrap justify-end gap-2">
      {files.map((file, index) => {
        const name = file.filename ?? 'Attachment';
        const image = file.mediaType.startsWith('image/');
        return (
          <li key={`${file.url}-${index}`} className="max-w-full min-w-0">
            {image ? (
              // A link, so that a middle or Ctrl-click still opens the file itself.
              <a
                href={file.url}
                target="_blank"
                rel="noopener noreferrer"
                aria-haspopup="dialog"
                data-media-type={file.mediaType}
                onClick={(event) => {
                  if (opensElsewhere(event)) return;
                  event.preventDefault();
                  setViewing({ url: file.url, name });
                }}
                className="flex h-24 max-w-48 min-w-12 items-center justify-center overflow-hidden rounded-lg border border-border bg-surface hover:border-accent"
              >
                <img src={file.url} alt={name} className="max-h-full max-w-full object-contain" />
              </a>
            ) : (
              <a
                href={file.url}
                target="_blank"
                rel="noopener noreferrer"
                data-media-type={file.mediaType}
                className="flex max-w-full min-w-0 items-center gap-2 rounded-lg border border-border bg-surface p-1 text-sm hover:border-accent"
              >
                <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-surface-strong text-muted">
                  <DocumentIcon className="size-6" />
                </span>
                <span className="flex min-w-0 flex-col pr-2">
                  <span className="max-w-48 truncate font-medium" title={name}>
                    {name}
                  </span>
                  <span className="text-xs text-muted">{pdfLabel(pagesOf(file))}</span>
                </span>
              </a>
            )}
          </li>
        );
      })}
      {viewing && <ImageLightbox src={viewing.url} name={viewing.name} onClose={() => setViewing(undefined)} />}
    </ul>
  );
}
