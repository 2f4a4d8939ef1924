import { isToolUIPart, getToolName } from 'ai';
import type { ConversationTree } from '../db/queries';
import type { RillUIMessage } from '../protocol/message-metadata';
import { toUIMessage } from './ui-messages';

/**
 * A conversation as the JSON export holds it: its title, dates, every message of every branch
 * in the order they were written, each with the message it follows (null for a first message),
 * and the ids of the branch that was shown.
 */
export type ExportedConversation = Pick<ConversationTree, 'id' | 'title' | 'createdAt' | 'updatedAt' | 'currentPath'> & {
  messages: Array<RillUIMessage & { parentId: string | null }>;
};

export function toExportedConversation({ id, title, createdAt, updatedAt, messages, currentPath }: ConversationTree): ExportedConversation {
  return { id, title, createdAt, updatedAt, currentPath, messages: messages.map((message) => ({ ...toUIMessage(message), parentId: message.parentId })) };
}

const fence = (text: string) => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
};

const json = (value: unknown) => {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  const marks = fence(text);
  return `${marks}json\n${text}\n${marks}`;
};

/** The messages of the branch that was shown, in order. */
function currentMessages({ messages, currentPath }: ExportedConversation): RillUIMessage[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  return currentPath.flatMap((id) => byId.get(id) ?? []);
}

/** The branch that was shown as a Markdown document: what was said, with tool calls, thinking and stop notes. */
export function conversationToMarkdown(conversation: ExportedConversation): string {
  const lines: string[] = [`# ${conversation.title}`, '', `_Exported from Rill. Started ${conversation.createdAt}._`];
  for (const message of currentMessages(conversation)) {
    lines.push('', message.role === 'user' ? '## You' : '## Claude', '');
    for (const part of message.parts) {
      if (part.type === 'text') lines.push(part.text, '');
      else if (part.type === 'reasoning' && part.text) lines.push(...part.text.split('\n').map((line) => `> ${line}`), '');
      else if (isToolUIPart(part)) {
        lines.push(`**Tool call: \`${getToolName(part)}\`**`, '', json(part.input ?? {}), '');
        if (part.state === 'output-available') lines.push('Result:', '', json(part.output), '');
        if (part.state === 'output-error') lines.push(`Error: ${part.errorText}`, '');
      }
    }
    const stopReason = message.metadata?.stopReason;
    if (stopReason === 'stopped') lines.push('_(Stopped before the answer was complete.)_', '');
    if (stopReason === 'error') lines.push('_(The answer was interrupted by an error.)_', '');
    if (stopReason === 'budget') lines.push('_(The answer was stopped: the day\'s budget was used up.)_', '');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** A file name for the download: the title, made safe. */
export function exportFileName(title: string, extension: 'md' | 'json'): string {
  const base = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 60);
  return `${base || 'conversation'}.${extension}`;
}
