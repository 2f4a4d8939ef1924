// The floor of a chat page's route: what useChat's default transport needs, and nothing else.
// It sends the last message's text to the fake, and turns Anthropic's events into a whole UI
// message stream (start, each text block's start, deltas and end, finish), one read at a time.
import { proxyToAnthropic, sse, type UpstreamEvent } from '../../upstream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type ChatRequest = { messages: { parts: { type: string; text?: string }[] }[] };

function uiMessageChunks(): (events: UpstreamEvent[]) => string {
  const textBlocks = new Set<number>();
  return (events) => {
    let out = '';
    for (const event of events) {
      const id = String(event.index);
      if (event.type === 'message_start') out += sse({ type: 'start' });
      else if (event.type === 'content_block_start' && event.content_block?.type === 'text') {
        textBlocks.add(event.index ?? 0);
        out += sse({ type: 'text-start', id });
      } else if (event.type === 'content_block_delta' && event.delta?.type === 'text_delta') {
        out += sse({ type: 'text-delta', id, delta: event.delta.text });
      } else if (event.type === 'content_block_stop' && textBlocks.has(event.index ?? 0)) out += sse({ type: 'text-end', id });
      else if (event.type === 'message_stop') out += sse({ type: 'finish' });
    }
    return out;
  };
}

export async function POST(incoming: Request): Promise<Response> {
  const { messages } = (await incoming.json()) as ChatRequest;
  const text = (messages.at(-1)?.parts ?? []).map((part) => part.text ?? '').join('');
  const body = JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 16_384, stream: true, messages: [{ role: 'user', content: text }] });
  return proxyToAnthropic(body, uiMessageChunks(), { 'x-vercel-ai-ui-message-stream': 'v1' });
}
