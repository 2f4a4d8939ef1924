import { canRetry, needsOperator, parseErrorBody } from '@/lib/errors';
import type { RillUIMessage } from '@/lib/protocol/message-metadata';

/** A failed answer as the chat shows it: what happened, whether Retry can help, and when. */
export type ChatFailure = {
  message: string;
  retryable: boolean;
  /** Only whoever runs this Rill can fix it. */
  operator: boolean;
  /** Retry waits this long, counted down from when the failure is shown. */
  retryAfterSeconds?: number;
};

function failure(type: string | undefined, message: string, retryAfterSeconds?: number): ChatFailure {
  const retryable = canRetry(type);
  return { message, retryable, operator: needsOperator(type), ...(retryable && retryAfterSeconds ? { retryAfterSeconds } : {}) };
}

/**
 * Turns whatever `useChat` reports as an error into a failure the person at the keyboard can
 * act on. HTTP errors, and turns that failed after their response began, carry Rill's JSON body
 * `{ error: { type, message, retryAfterSeconds? } }` as the error message; errors in the middle
 * of an answer carry the message text itself, and the answer's metadata says what kind it was.
 */
export function describeChatError(error: Error, lastMessage: RillUIMessage | undefined): ChatFailure {
  const body = parseErrorBody(error.message);
  if (body) return failure(body.type, body.message, body.retryAfterSeconds);
  if (isConnectionError(error)) return failure(undefined, "Can't reach the Rill server. Check your connection and try again.");
  const type = lastMessage?.role === 'assistant' ? lastMessage.metadata?.errorType : undefined;
  return failure(type, error.message.trim() || 'Something went wrong. Try again.');
}

/**
 * After a reload, a last message of the user's with no answer: why, as saved when its answer
 * failed before it began, or only that no answer was saved (the server went away first).
 */
export function unansweredFailure(message: RillUIMessage): ChatFailure {
  const { errorText, errorType } = message.metadata ?? {};
  return failure(errorType, errorText ?? 'No answer was saved for this message.');
}

/** The connection to Rill broke (offline, dropped), as opposed to an answer from the server. */
export function isConnectionError(error: Error): boolean {
  return error.name === 'TypeError' || /failed to fetch|network ?error|load failed|network changed|terminated/i.test(error.message);
}
