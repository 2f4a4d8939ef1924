/** What a chat is called until its first message names it; also the label of the control that starts one. */
export const DEFAULT_TITLE = 'New chat';

/** The browser tab's title for a conversation: its own title first, where a narrow tab still shows it. */
export function tabTitle(conversationTitle?: string): string {
  return conversationTitle ? `${conversationTitle} · Rill` : 'Rill';
}
