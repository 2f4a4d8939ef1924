/**
 * An error as Rill sends it to the browser, in an HTTP error response or, for a turn that failed
 * after its response had begun, as the text of the stream's `error` chunk.
 */
export type ChatErrorBody = { error: { type: string; message: string; retryAfterSeconds?: number } };

/** Failures that only whoever runs this Rill can fix: its key, that key's permissions or credit, a model it configured. */
const OPERATOR_ONLY = new Set(['upstream_authentication', 'upstream_permission', 'upstream_billing', 'upstream_model_not_found']);

/** Failures Retry cannot help with: the operator's, and a daily budget, which only the next UTC day restores. */
const NOT_RETRYABLE = new Set([...OPERATOR_ONLY, 'budget_exceeded']);

export function canRetry(type: string | undefined): boolean {
  return type === undefined || !NOT_RETRYABLE.has(type);
}

export function needsOperator(type: string | undefined): boolean {
  return type !== undefined && OPERATOR_ONLY.has(type);
}

/** Reads Rill's error body from text; undefined when the text is not one. */
export function parseChatErrorBody(text: string): ChatErrorBody['error'] | undefined {
  if (!text.trim().startsWith('{')) return undefined;
  try {
    const body = JSON.parse(text) as { error?: { type?: unknown; message?: unknown; retryAfterSeconds?: unknown } };
    const { type, message, retryAfterSeconds } = body.error ?? {};
    if (typeof type !== 'string' || typeof message !== 'string' || !message) return undefined;
    return { type, message, ...(typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0 ? { retryAfterSeconds } : {}) };
  } catch {
    return undefined;
  }
}
