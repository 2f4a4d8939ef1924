import 'server-only';
import {
  encodeSseEvent,
  errorBody,
  estimateTokens,
  messageEndEvents,
  messageStartEvent,
  splitIntoDeltas,
  textBlockEvents,
} from './wire';
import { DEMO_MODEL_ID } from '../models';

// The offline demo model: an in-process `fetch` for the real Anthropic SDK client that
// answers with protocol-faithful SSE, so that everything after the HTTP call (SDK parsing,
// event mapping, streaming, usage, the UI) runs exactly as it does with Claude.

type DemoRequest = { model?: string; stream?: boolean; messages?: Array<{ role: string; content: unknown }> };

function lastUserText(request: DemoRequest): string {
  const last = [...(request.messages ?? [])].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content
    .map((block: { type?: string; text?: string }) => (block.type === 'text' ? (block.text ?? '') : ''))
    .join('\n');
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

function sleep(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
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
    const userText = lastUserText(request);
    const text = demoAnswer(userText);
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
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage,
      });
    }

    const events = [
      messageStartEvent({ id, model, usage }),
      ...textBlockEvents(0, splitIntoDeltas(text)),
      ...messageEndEvents('end_turn', usage),
    ];
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
