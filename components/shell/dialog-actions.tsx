/** A dialog form's buttons: Cancel, and its submit button, disabled while it works. */
export function DialogActions({ onCancel, submit, busy }: { onCancel: () => void; submit: string; busy: boolean }) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" onClick={onCancel} className="rounded-lg border border-border px-4 py-2 hover:bg-surface-strong">
        Cancel
      </button>
      <button type="submit" disabled={busy} className="rounded-lg bg-accent px-4 py-2 font-medium text-accent-fg disabled:opacity-50">
        {submit}
      </button>
    </div>
  );
}
