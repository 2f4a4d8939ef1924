import { isToolUIPart, type ReasoningUIPart } from 'ai';
import type { RillToolPart, RillUIMessage } from '@/lib/protocol/message-metadata';

export type Segment =
  | { kind: 'markdown'; key: string; text: string }
  | { kind: 'reasoning'; key: string; part: ReasoningUIPart }
  | { kind: 'tool'; key: string; part: RillToolPart };

export type Source = { number: number; url?: string; title?: string };

/**
 * Groups an answer's parts into what is displayed. Claude splits cited prose into many text
 * blocks, so consecutive text parts render as one Markdown document, with a numbered link
 * after each cited passage; the numbered sources are returned for a list under the answer.
 */
export function messageSegments(parts: RillUIMessage['parts']): { segments: Segment[]; sources: Source[] } {
  const segments: Segment[] = [];
  const sources: Source[] = [];
  const numbers = new Map<string, number>();
  let markdown: { kind: 'markdown'; key: string; text: string } | undefined;

  parts.forEach((part, index) => {
    if (part.type === 'text') {
      if (!markdown) {
        markdown = { kind: 'markdown', key: `text-${index}`, text: '' };
        segments.push(markdown);
      }
      markdown.text += part.text;
      return;
    }
    if (part.type === 'data-citations') {
      if (!markdown) return;
      for (const citation of part.data.citations) {
        const identity = citation.url ?? citation.title ?? citation.citedText ?? '';
        let number = numbers.get(identity);
        if (number === undefined) {
          number = sources.length + 1;
          numbers.set(identity, number);
          sources.push({ number, ...(citation.url ? { url: citation.url } : {}), ...(citation.title ? { title: citation.title } : {}) });
        }
        markdown.text += citation.url ? ` [[${number}]](${citation.url})` : ` [${number}]`;
      }
      return;
    }
    if (part.type === 'step-start') return;
    markdown = undefined;
    if (part.type === 'reasoning') segments.push({ kind: 'reasoning', key: `reasoning-${index}`, part });
    else if (isToolUIPart(part)) segments.push({ kind: 'tool', key: part.toolCallId, part });
  });
  return { segments, sources };
}

/** Whether the message is an answer that shows anything yet: text, thinking or a tool call (Rill's, Claude's server tools or an MCP tool). */
export function showsContent(message: RillUIMessage | undefined): boolean {
  return (
    message?.role === 'assistant' &&
    message.parts.some((part) => (part.type === 'text' || part.type === 'reasoning' ? part.text !== '' : isToolUIPart(part)))
  );
}

/** The message's text, as its author wrote it (Markdown). */
export function markdownOf(message: RillUIMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}
