import { readUIMessageStream } from 'ai';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import type { RillUIMessage } from '../protocol/message-metadata';

export type MessageRecorder = {
  /** Feeds one chunk, exactly as it goes to the browser. */
  write(chunk: RillChunk): void;
  /** The message as the browser has it so far (undefined before the first chunk). */
  current(): Promise<RillUIMessage | undefined>;
  /** Ends the recording and resolves with the final message. */
  finish(): Promise<RillUIMessage | undefined>;
};

type Delta = Extract<RillChunk, { type: 'text-delta' | 'reasoning-delta' }>;

/** A delta with nothing but its text: appending the next one's text to it changes nothing else. */
function isPlainDelta(chunk: RillChunk): chunk is Delta {
  return (chunk.type === 'text-delta' || chunk.type === 'reasoning-delta') && chunk.providerMetadata === undefined;
}

/**
 * Rebuilds on the server the assistant message the browser is rendering, with the AI SDK's
 * own chunk processing, so that what is saved is exactly what the user saw, to the last chunk.
 *
 * The message is only needed when it is saved (about once a second), not per chunk: the
 * chunks are kept, consecutive deltas of one part merged into one, and replayed through the
 * AI SDK when asked. Replaying them one by one as they came would cost a snapshot of the
 * whole message per delta.
 */
export function recordUIMessage(): MessageRecorder {
  const chunks: RillChunk[] = [];
  let finished: Promise<RillUIMessage | undefined> | undefined;

  async function replay(): Promise<RillUIMessage | undefined> {
    const stream = new ReadableStream<RillChunk>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    let latest: RillUIMessage | undefined;
    try {
      for await (const message of readUIMessageStream<RillUIMessage>({ stream })) latest = message;
    } catch {
      // A malformed sequence: keep what was rebuilt before it, as the browser does.
    }
    return latest;
  }

  return {
    write(chunk) {
      if (finished) return;
      const last = chunks.at(-1);
      if (last && isPlainDelta(chunk) && isPlainDelta(last) && last.type === chunk.type && last.id === chunk.id) {
        chunks[chunks.length - 1] = { ...last, delta: last.delta + chunk.delta };
      } else {
        chunks.push(chunk);
      }
    },
    current: () => (finished ?? replay()),
    finish: () => (finished ??= replay()),
  };
}
