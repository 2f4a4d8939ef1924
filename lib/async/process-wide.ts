/**
 * The process's one value named `name`, started on first use and kept on globalThis: Next bundles
 * route handlers and pages apart and reloads modules in development, and all of them must share
 * it. A start that fails is not remembered, so the next call tries again.
 */
export function processWide<T>(name: string, start: () => Promise<T>): Promise<T> {
  const key = Symbol.for(name);
  const store = globalThis as typeof globalThis & { [key]?: Promise<T> };
  let value = store[key];
  if (!value) {
    const pending = start();
    value = store[key] = pending;
    pending.catch(() => {
      if (store[key] === pending) delete store[key];
    });
  }
  return value;
}
