import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ChatRequestMessage } from './request';

/**
 * Converts the UI conversation into Anthropic's `messages`. Only text is sent back for now:
 * earlier turns' thinking may be omitted by the API's rules, and empty text blocks, which
 * the API rejects, are dropped (a Stop before the first token leaves an empty answer).
 * Consecutive turns of one role are merged so the conversation always alternates.
 */
export function toAnthropicMessages(messages: readonly ChatRequestMessage[]): MessageParam[] {
  const result: Array<{ role: 'user' | 'assistant'; content: TextBlockParam[] }> = [];
  for (const message of messages) {
    const content: TextBlockParam[] = [];
    for (const part of message.parts) {
      if (part.type === 'text' && 'text' in part && typeof part.text === 'string' && part.text.trim() !== '') {
        content.push({ type: 'text', text: part.text });
      }
    }
    if (content.length === 0) continue;
    const previous = result.at(-1);
    if (previous && previous.role === message.role) previous.content.push(...content);
    else result.push({ role: message.role, content });
  }
  // The API wants the conversation to open with the user.
  while (result[0]?.role === 'assistant') result.shift();
  return result;
}
