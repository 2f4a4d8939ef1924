import type { FileUIPart } from 'ai';
import { DocumentIcon } from './attachment-chip';

/** The files of a sent message: image thumbnails and PDF names, each opening the file. */
export function AttachmentList({ files }: { files: readonly FileUIPart[] }) {
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="mb-1 flex flex-wrap justify-end gap-2">
      {files.map((file, index) => {
        const name = file.filename ?? 'Attachment';
        return (
          <li key={`${file.url}-${index}`} className="max-w-full min-w-0">
            <a
              href={file.url}
              target="_blank"
              rel="noopener noreferrer"
              data-media-type={file.mediaType}
              className="flex max-w-full min-w-0 items-center gap-2 rounded-lg border border-border bg-surface p-1 text-sm hover:border-accent"
            >
              {file.mediaType.startsWith('image/') ? (
                <img src={file.url} alt={name} className="size-20 rounded-md object-cover" />
              ) : (
                <>
                  <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-surface-strong text-muted">
                    <DocumentIcon className="size-6" />
                  </span>
                  <span className="max-w-48 truncate pr-2 font-medium">{name}</span>
                </>
              )}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
