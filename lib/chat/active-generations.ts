import 'server-only';

/**
 * The generations running on this instance, by conversation id, so that an explicit Stop
 * request can abort one even where the host never fires the streaming request's own
 * abort signal. One conversation runs one generation at a time: starting another aborts
 * the previous one.
 */
const running = new Map<string, AbortController>();

export function beginGeneration(chatId: string): { signal: AbortSignal; end: () => void } {
  running.get(chatId)?.abort(new Error('superseded by a newer generation'));
  const controller = new AbortController();
  running.set(chatId, controller);
  return {
    signal: controller.signal,
    end: () => {
      if (running.get(chatId) === controller) running.delete(chatId);
    },
  };
}

/** Aborts the conversation's running generation; false when none was running. */
export function stopGeneration(chatId: string): boolean {
  const controller = running.get(chatId);
  if (!controller) return false;
  controller.abort(new Error('stopped by the user'));
  running.delete(chatId);
  return true;
}
