import { NotFoundNotice } from '@/components/shell/not-found-notice';
import { SidebarToggle } from '@/components/shell/sidebar-toggle';

/** An unknown or deleted conversation, or someone else's: the page cannot tell them apart, nor should it. */
export default function ConversationNotFound() {
  return (
    <div className="flex h-dvh flex-col">
      <header className="flex items-center gap-1 border-b border-border px-3 py-2 sm:px-4">
        <SidebarToggle />
        <h1 className="text-lg font-semibold tracking-tight">Rill</h1>
      </header>
      <NotFoundNotice
        heading="This conversation does not exist"
        detail="It may have been deleted, or it belongs to someone else: each browser sees only its own conversations."
      />
    </div>
  );
}
