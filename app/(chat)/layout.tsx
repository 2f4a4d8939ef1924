import { ChatShell } from '@/components/shell/chat-shell';
import { ConversationSidebar } from '@/components/sidebar/conversation-sidebar';

export default function ChatLayout({ children }: { children: React.ReactNode }) {
  return <ChatShell sidebar={<ConversationSidebar />}>{children}</ChatShell>;
}
