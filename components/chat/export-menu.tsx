import { ChevronDownIcon, DownloadIcon } from '@/components/shell/icons';
import { MenuButton } from '@/components/shell/menu-button';

/** Downloads of the whole conversation, in one menu so that a phone's header keeps its room. */
export function ExportMenu({ conversationId }: { conversationId: string }) {
  const base = `/api/conversations/${encodeURIComponent(conversationId)}/export`;
  return (
    <MenuButton
      items={[
        { label: 'Markdown', icon: <DownloadIcon />, href: `${base}?format=markdown` },
        { label: 'JSON', icon: <DownloadIcon />, href: `${base}?format=json` },
      ]}
      className="flex items-center gap-1 rounded-md px-2 py-1 text-sm text-muted hover:bg-surface-strong hover:text-fg aria-expanded:bg-surface-strong aria-expanded:text-fg"
    >
      {/* On a phone the header holds an icon, so that the model's name keeps its room; the word stays for screen readers. */}
      <span className="sm:hidden">
        <DownloadIcon />
      </span>
      <span className="sr-only sm:not-sr-only">Export</span>
      <ChevronDownIcon />
    </MenuButton>
  );
}
