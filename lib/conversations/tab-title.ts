/** The browser tab's title for a conversation: its own title first, where a narrow tab still shows it. */
export function tabTitle(conversationTitle?: string): string {
  return conversationTitle ? `${conversationTitle} · Rill` : 'Rill';
}
