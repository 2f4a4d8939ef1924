import 'server-only';

type Generation = { controller: AbortController; finished: Promise<void> };

/**
 * The generations running on this instance, by owner and conversation, so that an explicit
 * Stop request can abort one even where the host never fires the streaming request's own
 * abort signal. One conversation runs one generation at a time: starting another aborts the
 * previous one. A generation is finished once its answer has been saved.
 */
const running = new Map<string, Generation>();

const key = (ownerId: string, conversationId: string) => `${ownerId}\u0000${conversationId}`;

export function beginGeneration(ownerId: string, conversationId: string): { signal: AbortSignal; end: () => void } {
  const id = key(ownerId, conversationId);
  running.get(id)?.controller.abort(new Error('superseded by a newer generation'));
  const controller = new AbortController();
  let end!: () => void;
  const finished = new Promise<void>((resolve) => (end = resolve));
  const generation = { controller, finished };
  running.set(id, generation);
  return {
    signal: controller.signal,
    end: () => {
      if (running.get(id) === generation) running.delete(id);
      end();
    },
  };
}

/**
 * Aborts the conversation's running generation and waits (briefly) until its partial answer
 * is saved, so that a reload right after Stop finds it. False when none was running.
 */
export async function stopGeneration(ownerId: string, conversationId: string, waitMs = 5_000): Promise<boolean> {
  const generation = running.get(key(ownerId, conversationId));
  if (!generation) return false;
  generation.controller.abort(new Error('stopped by the user'));
  await Promise.race([generation.finished, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  return true;
}
