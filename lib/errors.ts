/**
 * Rill's one error vocabulary: every error its API answers with, by type, and the HTTP status
 * that goes with each type. The same body travels in an HTTP error response and, for an answer
 * that failed after its response began, as the text of the stream's `error` chunk. Safe to
 * import from client components: it holds no server code.
 */
const STATUS_OF = {
  // The request itself
  invalid_request: 400,
  invalid_json: 400,
  request_too_large: 413,
  misdirected_request: 421,
  cross_origin: 403,
  // Who is asking, and for what
  unauthorized: 401,
  sign_in_required: 401,
  admin_only: 403,
  password_required: 401,
  wrong_password: 401,
  not_found: 404,
  model_not_allowed: 400,
  web_tools_disabled: 400,
  message_id_taken: 409,
  not_continuable: 409,
  parent_not_found: 409,
  message_not_found: 404,
  already_decided: 409,
  invalid_attachment: 400,
  // A person's own MCP servers (connectors)
  invalid_url: 400,
  private_address: 400,
  connector_name_taken: 409,
  too_many_connectors: 400,
  connectors_disabled: 403,
  connector_unreachable: 502,
  // An MCP server failed to give the prompt asked for.
  prompt_failed: 424,
  unsupported_file_type: 400,
  unsupported_by_model: 400,
  too_many_attachments: 400,
  attachment_too_large: 413,
  attachments_too_large: 413,
  // Limits
  rate_limited: 429,
  too_many_generations: 429,
  too_many_readers: 429,
  budget_exceeded: 429,
  attachment_quota_exceeded: 413,
  conversation_too_large: 413,
  storage_full: 507,
  // Rill itself, for a moment
  shutting_down: 503,
  server_busy: 503,
  stream_unavailable: 503,
  rate_limit_unavailable: 503,
  generation_limit_unavailable: 503,
  storage_unavailable: 503,
  database_unavailable: 503,
  redis_unavailable: 503,
  // Claude, behind Rill
  upstream_authentication: 502,
  upstream_permission: 502,
  upstream_billing: 502,
  upstream_model_not_found: 502,
  upstream_invalid_request: 400,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  upstream_error: 502,
  overloaded: 503,
} as const satisfies Record<string, number>;

export type ErrorType = keyof typeof STATUS_OF;

/**
 * An error as Rill reports it: a stable type, and a message a person can act on. When the
 * caller should wait, `retryAfterSeconds` says how long (the browser counts it down), and the
 * message need not say it.
 */
export type RillError<Type extends ErrorType = ErrorType> = { type: Type; message: string; retryAfterSeconds?: number | undefined };

/**
 * The body as the browser reads it. Its type is a plain string there: a browser tab can outlive
 * a deploy that adds a type.
 */
export type ErrorBody = { error: { type: string; message: string; retryAfterSeconds?: number } };

export function statusOf(type: ErrorType): number {
  return STATUS_OF[type];
}

export function errorBody({ type, message, retryAfterSeconds }: RillError): ErrorBody {
  return { error: { type, message, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) } };
}

/** The one way a Rill endpoint refuses: `{ error: { type, message } }`, its type's status, and Retry-After for a wait. */
export function errorResponse(error: RillError): Response {
  const { retryAfterSeconds } = error;
  return Response.json(errorBody(error), {
    status: statusOf(error.type),
    ...(retryAfterSeconds ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
  });
}

/** The same answer for "does not exist" and "is someone else's", so nothing leaks. */
export const conversationNotFound = (): Response => errorResponse({ type: 'not_found', message: 'No such conversation.' });

/** Failures that only whoever runs this Rill can fix: its key, that key's permissions or credit, a model it configured. */
const OPERATOR_ONLY = new Set<string>(['upstream_authentication', 'upstream_permission', 'upstream_billing', 'upstream_model_not_found'] satisfies ErrorType[]);

/** Failures Retry cannot help with: the operator's, and a daily budget, which only the next UTC day restores. */
const NOT_RETRYABLE = new Set<string>([...OPERATOR_ONLY, 'budget_exceeded' satisfies ErrorType]);

export function canRetry(type: string | undefined): boolean {
  return type === undefined || !NOT_RETRYABLE.has(type);
}

export function needsOperator(type: string | undefined): boolean {
  return type !== undefined && OPERATOR_ONLY.has(type);
}

/** Reads Rill's error body from text; undefined when the text is not one. */
export function parseErrorBody(text: string): ErrorBody['error'] | undefined {
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
