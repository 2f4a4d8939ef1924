export type IdleHandle = { cancel: () => void };

/** Runs `fn` when the main thread is idle (at the latest after `timeoutMs`); a timeout where there is no requestIdleCallback (Safari). */
export function whenIdle(fn: () => void, timeoutMs = 500): IdleHandle {
  if (typeof window !== 'undefined' && typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(fn, { timeout: timeoutMs });
    return { cancel: () => window.cancelIdleCallback(id) };
  }
  const id = setTimeout(fn, 0);
  return { cancel: () => clearTimeout(id) };
}
