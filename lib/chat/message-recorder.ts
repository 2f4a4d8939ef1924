import { readUIMessageStream } from 'ai';
import type { RillChunk } from '../protocol/anthropic-to-ui';
import type { RillUIMessage } from '../protocol/message-metadata';

export type MessageRecorder = {
  /** Feeds one chunk, exactly as it goes to the browser. */
  write(chunk: RillChunk): void;
  /** The message as the browser has it so far (undefined before the first chunk is applied). */
  current(): RillUIMessage | undefined;
  /** Ends the recording and resolves with the final message. */
  finish(): Promise<RillUIMessage | undefined>;
};

/**
 * Rebuilds on the server the assistant message the browser is rendering, with the AI SDK's
 * own chunk processing, so that what is saved is exactly what the user saw, to the last chunk.
 */
export function recordUIMessage(): MessageRecorder {
  let controller!: ReadableStreamDefaultController<RillChunk>;
  let closed = false;
  let latest: RillUIMessage | undefined;
  const chunks = new ReadableStream<RillChunk>({
    start(c) {
      controller = c;
    },
  });
  const consumed = (async () => {
    for await (const message of readUIMessageStream<RillUIMessage>({ stream: chunks })) latest = message;
  })().catch(() => undefined);

  return {
    write(chunk) {
      if (!closed) controller.enqueue(chunk);
    },
    current: () => latest,
    async finish() {
      if (!closed) {
        closed = true;
        controller.close();
      }
      await consumed;
      return latest;
    },
  };
}
