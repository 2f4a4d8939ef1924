import type { Source } from './message-segments';
import { safeHref } from '@/lib/markdown/safe-href';

/** The numbered sources cited in an answer, matching the numbers in its text. */
export function SourcesList({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return null;
  return (
    <section aria-label="Sources" className="mt-3 border-t border-border pt-2 text-sm">
      <h2 className="mb-1 text-xs font-medium uppercase tracking-wide text-muted">Sources</h2>
      <ol className="space-y-0.5">
        {sources.map((source) => {
          const href = source.url ? safeHref(source.url) : null;
          const label = source.title || source.url || 'Untitled source';
          return (
            <li key={source.number} className="flex gap-2">
              <span className="tabular-nums text-muted">[{source.number}]</span>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="truncate text-accent underline">
                  {label}
                </a>
              ) : (
                <span className="truncate">{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
