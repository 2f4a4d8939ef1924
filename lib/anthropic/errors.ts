import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import { BudgetExceededError } from '../budget';
import type { RillError } from '../errors';

/** How a failed call to Claude is reported (lib/errors.ts gives each type its HTTP status). */
export type ChatError = RillError<
  | 'upstream_authentication'
  | 'upstream_permission'
  | 'upstream_billing'
  | 'upstream_model_not_found'
  | 'rate_limited'
  | 'overloaded'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_invalid_request'
  | 'upstream_error'
  | 'budget_exceeded'
>;

function retryAfterSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

function apiMessage(error: APIError): string | undefined {
  const body = error.error as { error?: { message?: unknown } } | undefined;
  const message = body?.error?.message;
  return typeof message === 'string' && message ? message : undefined;
}

/** Anthropic's 400 for a request that ends with an assistant turn, from a model that takes no prefill. */
export function isPrefillRefusal(error: unknown): boolean {
  return error instanceof APIError && error.status === 400 && /prefill/i.test(apiMessage(error) ?? '');
}

/**
 * Describes a failed call to Anthropic, whether it failed before streaming (HTTP status) or
 * in the middle of it (an `event: error`, a dropped connection), or was never made because a
 * daily budget is used up. `secrets` are scrubbed
 * from every message so that an API key echoed by a proxy can never reach the browser.
 */
export function describeUpstreamError(error: unknown, secrets: readonly string[] = []): ChatError {
  const described = describe(error);
  return { ...described, message: redact(described.message, secrets) };
}

function describe(error: unknown): ChatError {
  if (error instanceof BudgetExceededError) {
    return { type: 'budget_exceeded', message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return {
      type: 'upstream_timeout',
      message: "Can't reach Anthropic: the request timed out. Check the server's network and try again.",
    };
  }
  if (error instanceof APIConnectionError || isDroppedConnection(error)) {
    return {
      type: 'upstream_unreachable',
      message: "Can't reach Anthropic: the connection failed or dropped. Check the server's network (and ANTHROPIC_BASE_URL, if set) and try again.",
    };
  }
  if (!(error instanceof APIError)) {
    return { type: 'upstream_error', message: 'Something went wrong while talking to Claude. Try again.' };
  }
  const errorType = error.type ?? (error.error as { error?: { type?: string } } | undefined)?.error?.type;
  if (errorType === 'overloaded_error' || error.status === 529) {
    return {
      type: 'overloaded',
      message: 'Claude is overloaded right now.',
      retryAfterSeconds: retryAfterSeconds(error.headers) ?? 5,
    };
  }
  if (errorType === 'billing_error' || error.status === 402 || /credit balance/i.test(apiMessage(error) ?? '')) {
    return {
      type: 'upstream_billing',
      message: "Anthropic refused the request for billing reasons: the configured key's organisation has no credit left. Its owner must add credit in the Anthropic Console.",
    };
  }
  switch (error.status) {
    case 401:
      return {
        type: 'upstream_authentication',
        message: 'Anthropic rejected the API key. Set a valid ANTHROPIC_API_KEY for the server and restart Rill.',
      };
    case 403:
      return {
        type: 'upstream_permission',
        message: "Anthropic refused this request for the configured key. Check that ANTHROPIC_API_KEY's workspace may use this model.",
      };
    case 404:
      return {
        type: 'upstream_model_not_found',
        message: `Anthropic does not offer this model to the configured key${apiMessage(error) ? ` (${apiMessage(error)})` : ''}. Check ANTHROPIC_MODEL and RILL_MODELS.`,
      };
    case 429: {
      const seconds = retryAfterSeconds(error.headers);
      return {
        type: 'rate_limited',
        message: seconds ? 'Claude is rate limited.' : 'Claude is rate limited. Try again in a minute.',
        ...(seconds ? { retryAfterSeconds: seconds } : {}),
      };
    }
    case 400:
    case 413:
    case 422:
      return {
        type: 'upstream_invalid_request',
        message: `Anthropic rejected the request: ${apiMessage(error) ?? `HTTP ${error.status}`}`,
      };
    case undefined:
      // An `event: error` in the middle of a stream that is not an overload.
      return {
        type: 'upstream_error',
        message: `Claude's answer was interrupted${apiMessage(error) ? `: ${apiMessage(error)}` : ''}. Try again.`,
      };
    default:
      return {
        type: 'upstream_error',
        message: `Anthropic returned an error (HTTP ${error.status}). Try again in a moment.`,
      };
  }
}

/**
 * A connection that breaks mid-stream surfaces from the SDK's body reader as a bare
 * AnthropicError or fetch's TypeError ("terminated"), not as an APIConnectionError.
 */
function isDroppedConnection(error: unknown): boolean {
  if (error instanceof APIError) return false;
  if (error instanceof AnthropicError) return true;
  return error instanceof TypeError && /terminated|fetch failed|socket|network|ECONNRESET/i.test(`${error.message} ${String(error.cause)}`);
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 8) result = result.split(secret).join('[redacted]');
  }
  return result;
}
