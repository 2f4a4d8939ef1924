import 'server-only';

const INTERRUPTION = Symbol.for('rill.live-answers.interruption');

/**
 * Why an answer was cut short by Rill rather than by its user: this instance shutting down, or
 * the answer outliving the time the platform gives a request. It is saved as interrupted, not
 * as stopped, so the user is offered Continue and Retry.
 */
export class AnswerInterruption extends Error {
  readonly [INTERRUPTION] = true;
  constructor(message: string) {
    super(message);
    this.name = 'AnswerInterruption';
  }
}

/** Whether an abort reason is an AnswerInterruption: by a mark, as instrumentation and the routes each bundle their own copy of the class. */
export function isAnswerInterruption(reason: unknown): reason is AnswerInterruption {
  return typeof reason === 'object' && reason !== null && (reason as Record<symbol, unknown>)[INTERRUPTION] === true;
}

type Generation = { controller: AbortController; finished: Promise<void> };

/**
 * The generations running on this instance, by conversation key. One conversation runs one
 * generation at a time: starting another aborts the previous one. A generation is finished
 * once its answer is saved and its stream ended.
 */
// On globalThis: instrumentation (which drains on SIGTERM) and the route handlers are bundled apart.
const STATE = Symbol.for('rill.live-answers.generations');
type GlobalWithGenerations = typeof globalThis & { [STATE]?: { running: Map<string, Generation>; draining: boolean } };
const state = ((globalThis as GlobalWithGenerations)[STATE] ??= { running: new Map(), draining: false });
const { running } = state;

export type LocalGeneration = { signal: AbortSignal; end: () => void };

/** Starts a generation; past `timeLimitS` seconds it is interrupted, before the platform kills it unsaved. */
export function beginGeneration(key: string, timeLimitS: number | undefined): LocalGeneration {
  running.get(key)?.controller.abort(new Error('superseded by a newer generation'));
  const controller = new AbortController();
  let end!: () => void;
  const finished = new Promise<void>((resolve) => (end = resolve));
  const generation = { controller, finished };
  running.set(key, generation);
  const limit =
    timeLimitS === undefined
      ? undefined
      : setTimeout(() => {
          controller.abort(new AnswerInterruption(`This answer reached this Rill's limit of ${timeLimitS} seconds. Continue it, or try again.`));
        }, timeLimitS * 1000);
  return {
    signal: controller.signal,
    end: () => {
      clearTimeout(limit);
      if (running.get(key) === generation) running.delete(key);
      end();
    },
  };
}

/** Aborts the generation if it runs here, and waits (up to `waitMs`) until its partial answer is saved. False when none runs here. */
export async function stopLocalGeneration(key: string, reason: Error, waitMs: number): Promise<boolean> {
  const generation = running.get(key);
  if (!generation) return false;
  generation.controller.abort(reason);
  await settledWithin([generation.finished], waitMs);
  return true;
}

export const isDraining = () => state.draining;

/**
 * Shutdown: takes no new generation, lets the running ones finish within `graceMs`, then
 * interrupts the rest and waits (up to `saveMs`) until they are saved.
 */
export async function drainGenerations(graceMs: number, saveMs: number): Promise<{ finished: number; interrupted: number }> {
  state.draining = true;
  const atStart = [...running.values()];
  await settledWithin(
    atStart.map((generation) => generation.finished),
    graceMs,
  );
  const left = [...running.values()];
  const reason = new AnswerInterruption('Rill restarted before this answer finished. Continue it, or try again.');
  for (const generation of left) generation.controller.abort(reason);
  await settledWithin(
    left.map((generation) => generation.finished),
    saveMs,
  );
  return { finished: atStart.length - left.length, interrupted: left.length };
}

async function settledWithin(promises: Promise<void>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(promises), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
