import 'server-only';

type Generation = { controller: AbortController; finished: Promise<void> };

/**
 * The generations running on this instance, by conversation key, so that Stop can abort
 * one: directly when it runs here, or through the stream registry's stop channel when it
 * runs on another instance. One conversation runs one generation at a time: starting
 * another aborts the previous one. A generation is finished once its answer is saved.
 */
const running = new Map<string, Generation>();

export function beginGeneration(key: string): { signal: AbortSignal; end: () => void } {
  running.get(key)?.controller.abort(new Error('superseded by a newer generation'));
  const controller = new AbortController();
  let end!: () => void;
  const finished = new Promise<void>((resolve) => (end = resolve));
  const generation = { controller, finished };
  running.set(key, generation);
  return {
    signal: controller.signal,
    end: () => {
      if (running.get(key) === generation) running.delete(key);
      end();
    },
  };
}

/**
 * Aborts the generation if it runs on this instance, and waits (briefly) until its partial
 * answer is saved, so that a reload right after Stop finds it. False when none runs here.
 */
export async function stopLocalGeneration(key: string, waitMs = 5_000): Promise<boolean> {
  const generation = running.get(key);
  if (!generation) return false;
  generation.controller.abort(new Error('stopped by the user'));
  await Promise.race([generation.finished, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  return true;
}
