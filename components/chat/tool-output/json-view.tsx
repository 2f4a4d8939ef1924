export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <div>
      <p className="mb-1 text-xs font-medium uppercase tracking-wide text-muted">{label}</p>
      <pre className="max-h-72 overflow-auto rounded-md bg-code-bg p-2 font-mono text-xs">{formatJson(value)}</pre>
    </div>
  );
}
