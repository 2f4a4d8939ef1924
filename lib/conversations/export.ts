import { isToolUIPart, getToolName } from 'ai';
import type { ConversationWithMessages } from '../db/queries';
import type { RillUIMessage } from '../protocol/message-metadata';
import { toUIMessages } from './ui-messages';

/** A conversation as the JSON export holds it: its title, dates and every message. */
export type ExportedConversation = Pick<ConversationWithMessages, 'id' | 'title' | 'createdAt' | 'updatedAt'> & { messages: RillUIMessage[] };

export function toExportedConversation({ id, title, createdAt, updatedAt, messages }: ConversationWithMessages): ExportedConversation {
  return { id, title, createdAt, updatedAt, messages: toUIMessages(messages) };
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

/** A conversation as a Markdown document: what was said, with tool calls, thinking and stop notes. */
export function conversationToMarkdown(conversation: ExportedConversation): string {
  const lines: string[] = [`# ${conversation.title}`, '', `_Exported from Rill. Started ${conversation.createdAt}._`];
  for (const message of conversation.messages) {
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
