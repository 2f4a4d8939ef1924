import type { z } from 'zod';
import { formatBytes } from '../attachments/rules';
import { errorResponse } from '../errors';
import { MAX_SMALL_REQUEST_BYTES } from '../limits';
import { readBoundedBody } from './bounded-body';

type Refused = { ok: false; response: Response };
export type Input<T> = { ok: true; data: T } | Refused;

/** A zod error as the `invalid_request` message: the first few problems, each with its path. */
export function describeValidationError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

const invalid = (error: z.ZodError): Refused => ({ ok: false, response: errorResponse({ type: 'invalid_request', message: describeValidationError(error) }) });

/**
 * Reads a request body within `limitBytes` (see readBoundedBody). `messages` word the
 * refusals: the 413 is told the limit, formatted.
 */
export async function readBodyBytes(
  request: Request,
  limitBytes: number,
  messages: { tooLarge: (limit: string) => string; empty: string },
): Promise<Input<Uint8Array>> {
  const body = await readBoundedBody(request.body, request.headers.get('content-length'), limitBytes);
  if (body.ok) return { ok: true, data: body.bytes };
  return body.problem === 'too_large'
    ? { ok: false, response: errorResponse({ type: 'request_too_large', message: messages.tooLarge(formatBytes(limitBytes)) }) }
    : { ok: false, response: errorResponse({ type: 'invalid_request', message: messages.empty }) };
}

/** A JSON request body, read within `limitBytes` and validated by `schema`: the one way routes take JSON. */
export async function readJsonInput<T>(request: Request, schema: z.ZodType<T>, limitBytes = MAX_SMALL_REQUEST_BYTES): Promise<Input<T>> {
  const body = await readBodyBytes(request, limitBytes, {
    tooLarge: (limit) => `The request is larger than ${limit}. Shorten the message or start a new chat.`,
    empty: 'The request body is empty; send JSON.',
  });
  if (!body.ok) return body;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body.data).toString('utf8'));
  } catch {
    return { ok: false, response: errorResponse({ type: 'invalid_json', message: 'The request body is not valid JSON.' }) };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, data: parsed.data } : invalid(parsed.error);
}

/** The request's query parameters, validated by `schema`. */
export function readQueryInput<T>(request: Request, schema: z.ZodType<T>): Input<T> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return parsed.success ? { ok: true, data: parsed.data } : invalid(parsed.error);
}
