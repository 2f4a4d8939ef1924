import 'server-only';
import { sleep } from '../../async/sleep';
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
} from '../wire';
import { DEMO_MODEL_ID } from '../../models';
import { demoAnswer, type DemoMessage, type DemoOutput } from './scenes';
import { estimateInputTokens } from './usage';

// The offline demo model: an in-process `fetch` for the real Anthropic SDK client that
// answers with protocol-faithful SSE, so that everything after the HTTP call (SDK parsing,
// event mapping, streaming, the agent loop and its real tools, usage, the UI) runs exactly as
// it does with Claude. What it says is in ./scenes.

type DemoRequest = {
  model?: string;
  stream?: boolean;
  thinking?: { type?: string };
  tools?: Array<{ name?: string }>;
  messages?: DemoMessage[];
};

function blockEvents(block: DemoOutput['blocks'][number], index: number): WireEvent[] {
  switch (block.type) {
    case 'thinking':
      return thinkingBlockEvents(index, splitIntoDeltas(block.thinking), 'demo-signature');
    case 'text':
      return textBlockEvents(index, splitIntoDeltas(block.text));
    case 'tool_use':
      return toolUseBlockEvents(index, `toolu_demo_${crypto.randomUUID().slice(0, 8)}`, block.name, block.input);
  }
}

/** What the demo writes, for its output token count. */
function written(output: DemoOutput): string {
  return output.blocks.map((block) => (block.type === 'text' ? block.text : block.type === 'thinking' ? block.thinking : JSON.stringify(block.input))).join('');
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
    if (url.pathname.endsWith('/v1/messages/count_tokens') && init?.method === 'POST') {
      // The same count its answers report as their input, so the context gauge agrees with them.
      const { messages = [] } = JSON.parse(String(init.body)) as DemoRequest;
      return jsonResponse(200, { input_tokens: estimateInputTokens(messages) });
    }
    if (!url.pathname.endsWith('/v1/messages') || init?.method !== 'POST') {
      return jsonResponse(404, errorBody('not_found_error', `The demo model does not serve ${url.pathname}.`));
    }
    const request = JSON.parse(String(init.body)) as DemoRequest;
    const messages = request.messages ?? [];
    const output = demoAnswer(messages, {
      thinking: request.thinking?.type === 'enabled' || request.thinking?.type === 'adaptive',
      offeredTools: (request.tools ?? []).flatMap((tool) => (tool.name ? [tool.name] : [])),
    });
    const usage = {
      input_tokens: estimateInputTokens(messages),
      output_tokens: estimateTokens(written(output)),
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    };
    const id = `msg_demo_${crypto.randomUUID().replaceAll('-', '')}`;
    const model = request.model ?? DEMO_MODEL_ID;

    if (!request.stream) {
      const text = output.blocks.map((block) => (block.type === 'text' ? block.text : '')).join('');
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
      ...output.blocks.flatMap((block, index) => blockEvents(block, index)),
      ...messageEndEvents(output.stopReason, usage),
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
