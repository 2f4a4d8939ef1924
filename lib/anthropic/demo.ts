import 'server-only';
import { sleep } from '../async/sleep';
import {
  encodeSseEvent,
  errorBody,
  estimateTokens,
  messageEndEvents,
  messageStartEvent,
  splitIntoDeltas,
  textBlockEvents,
  thinkingBlockEvents,
  toolUseBlockEvents,
  type WireEvent,
} from './wire';
import { DEMO_MODEL_ID } from '../models';

// The offline demo model: an in-process `fetch` for the real Anthropic SDK client that
// answers with protocol-faithful SSE, so that everything after the HTTP call (SDK parsing,
// event mapping, streaming, usage, the UI) runs exactly as it does with Claude.

type DemoBlock = { type?: string; text?: string; content?: unknown };
type DemoRequest = {
  model?: string;
  stream?: boolean;
  thinking?: { type?: string };
  tools?: Array<{ name?: string }>;
  messages?: Array<{ role: string; content: string | DemoBlock[] }>;
};

function blocksOf(message: { content: string | DemoBlock[] } | undefined): DemoBlock[] {
  if (!message) return [];
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

function lastUserText(request: DemoRequest): string {
  const last = [...(request.messages ?? [])].reverse().find((m) => m.role === 'user' && blocksOf(m).some((b) => b.type === 'text'));
  return blocksOf(last)
    .map((block) => (block.type === 'text' ? (block.text ?? '') : ''))
    .join('\n');
}

/** The tool result the demo asked for, when this request is the step after its tool call. */
function toolResultText(request: DemoRequest): string | undefined {
  const last = request.messages?.at(-1);
  const result = last?.role === 'user' ? blocksOf(last).find((block) => block.type === 'tool_result') : undefined;
  return result ? String(result.content ?? '') : undefined;
}

function clockAnswer(toolResult: string): string {
  try {
    const time = JSON.parse(toolResult) as { local?: unknown; timezone?: unknown };
    if (typeof time.local === 'string') return `It is **${time.local}** (${String(time.timezone)}), according to the get_current_time tool.`;
  } catch {
    // Not the tool's JSON: the tool failed, and its message says why.
  }
  return `The get_current_time tool could not tell: ${toolResult}`;
}

const wantsThinking = (request: DemoRequest) => request.thinking?.type === 'enabled' || request.thinking?.type === 'adaptive';
const offersTool = (request: DemoRequest, name: string) => request.tools?.some((tool) => tool.name === name) ?? false;

/** The demo's answer as wire events: thinking when asked for, a clock tool call when it fits, then text. */
function demoEvents(request: DemoRequest): { events: WireEvent[]; text: string; stopReason: string } {
  const userText = lastUserText(request);
  const toolResult = toolResultText(request);
  const events: WireEvent[] = [];
  let index = 0;
  if (wantsThinking(request) && toolResult === undefined) {
    const thought = 'The reader is trying the demo. I should explain what Rill shows, and use a tool if they asked for the time.';
    events.push(...thinkingBlockEvents(index++, splitIntoDeltas(thought), 'demo-signature'));
  }
  if (toolResult === undefined && /\btime\b/i.test(userText) && offersTool(request, 'get_current_time')) {
    const text = 'Let me check the clock.';
    events.push(...textBlockEvents(index++, splitIntoDeltas(text)));
    events.push(...toolUseBlockEvents(index++, `toolu_demo_${crypto.randomUUID().slice(0, 8)}`, 'get_current_time', { timezone: 'UTC' }));
    return { events, text, stopReason: 'tool_use' };
  }
  const text = toolResult === undefined ? demoAnswer(userText) : clockAnswer(toolResult);
  events.push(...textBlockEvents(index++, splitIntoDeltas(text)));
  return { events, text, stopReason: 'end_turn' };
}

export function demoAnswer(userText: string): string {
  const quoted = userText.trim().split('\n')[0]?.slice(0, 160) ?? '';
  return [
    `You're talking to Rill's **offline demo model**, not Claude. It streams a canned answer through the same path a real one takes, so you can try the interface without an API key.`,
    '',
    quoted ? `You wrote: *${quoted.replace(/[*_`[\]]/g, '')}*` : 'You sent an empty message.',
    '',
    '### What you are seeing',
    '',
    '- Tokens arrive one small piece at a time, over Server-Sent Events.',
    '- The footer counts input and output tokens live, and **Stop** cancels the request.',
    '- Markdown renders as it streams, including code:',
    '',
    '```ts',
    "const answer = await fetch('/api/chat', { method: 'POST', body });",
    '```',
    '',
    '| Setting | Where |',
    '| --- | --- |',
    '| `ANTHROPIC_API_KEY` | your environment or `.env.local` |',
    '| `ANTHROPIC_MODEL` | optional default model |',
    '',
    'Set `ANTHROPIC_API_KEY` and restart Rill to talk to Claude.',
  ].join('\n');
}


function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'request-id': `req_demo_${crypto.randomUUID()}` },
  });
}

export function createDemoFetch(deltaDelayMs: number): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith('/v1/messages') || init?.method !== 'POST') {
      return jsonResponse(404, errorBody('not_found_error', `The demo model does not serve ${url.pathname}.`));
    }
    const request = JSON.parse(String(init.body)) as DemoRequest;
    const answer = demoEvents(request);
    const text = answer.text;
    const inputTokens = estimateTokens(JSON.stringify(request.messages ?? []));
    const usage = {
      input_tokens: inputTokens,
      output_tokens: estimateTokens(text),
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    };
    const id = `msg_demo_${crypto.randomUUID().replaceAll('-', '')}`;
    const model = request.model ?? DEMO_MODEL_ID;

    if (!request.stream) {
      return jsonResponse(200, {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text }],
        stop_reason: answer.stopReason,
        stop_sequence: null,
        usage,
      });
    }

    const events = [messageStartEvent({ id, model, usage }), ...answer.events, ...messageEndEvents(answer.stopReason, usage)];
    const signal = init.signal;
    const encoder = new TextEncoder();
    let next = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const event = events[next++];
        if (!event) return controller.close();
        if (event.type === 'content_block_delta') await sleep(deltaDelayMs, signal);
        controller.enqueue(encoder.encode(encodeSseEvent(event)));
      },
    });
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': `req_demo_${id}` },
    });
  };
}
