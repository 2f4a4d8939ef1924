import { formatBytes } from '@/lib/attachments/rules';
import type { PendingAttachment } from './attachment-uploads';

/** A document outline with a folded corner: what a PDF looks like where there is no thumbnail. */
export function DocumentIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={className} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round">
      <path d="M6 2.75h8.25L19.25 7.75V21.25H6Z" />
      <path d="M14 2.75V8h5.25" />
      <path d="M8.5 13h8M8.5 16.5h8" strokeLinecap="round" />
    </svg>
  );
}

/** One file in the composer: a thumbnail (images) or an icon (PDFs), its name and size, and Remove. */
export function AttachmentChip({ attachment, onRemove }: { attachment: PendingAttachment; onRemove: () => void }) {
  const uploading = !attachment.url;
  return (
    <li
      aria-busy={uploading}
      className="flex max-w-full min-w-0 items-center gap-2 rounded-lg border border-border bg-surface-strong p-1 text-sm"
    >
      {attachment.previewUrl ? (
        <img src={attachment.previewUrl} alt="" className="size-10 shrink-0 rounded-md object-cover" />
      ) : (
        <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-surface text-muted">
          <DocumentIcon className="size-6" />
        </span>
      )}
      <span className="flex min-w-0 flex-col">
        <span className="max-w-40 truncate font-medium" title={attachment.filename}>
          {attachment.filename}
        </span>
        <span className="text-xs text-muted">{uploading ? 'Uploading…' : formatBytes(attachment.size)}</span>
      </span>
      <button
        type="button"
        aria-label={`Remove ${attachment.filename}`}
        onClick={onRemove}
        className="flex size-7 shrink-0 items-center justify-center rounded-md text-muted hover:bg-surface hover:text-fg"
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </li>
  );
}
