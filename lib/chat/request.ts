import { z } from 'zod';

/** The largest request body the chat endpoint reads (HTTP 413 beyond it). */
export const MAX_CHAT_REQUEST_BYTES = 1024 * 1024;
export const MAX_MESSAGES_PER_REQUEST = 400;
export const MAX_SYSTEM_PROMPT_CHARS = 20_000;

const textPartSchema = z.object({
  type: z.literal('text'),
  text: z.string().max(200_000),
  state: z.enum(['streaming', 'done']).optional(),
});

const reasoningPartSchema = z.object({
  type: z.literal('reasoning'),
  text: z.string(),
  state: z.enum(['streaming', 'done']).optional(),
  providerMetadata: z.record(z.string(), z.unknown()).optional(),
});

// Parts this version does not send upstream (step markers, tool calls, sources) are kept
// loosely typed: they must be objects with a string `type`, nothing more is trusted.
const otherPartSchema = z.looseObject({
  type: z.string().refine((type) => type !== 'text' && type !== 'reasoning', 'malformed text or reasoning part'),
});

const partSchema = z.union([textPartSchema, reasoningPartSchema, otherPartSchema]);

const uiMessageSchema = z.object({
  id: z.string().min(1).max(200),
  role: z.enum(['user', 'assistant']),
  parts: z.array(partSchema).max(1_000),
  metadata: z.unknown().optional(),
});

export const chatRequestSchema = z
  .object({
    /** The conversation id that `useChat` generates; Stop refers to it. */
    id: z.string().min(1).max(200),
    messages: z
      .array(uiMessageSchema)
      .min(1, 'send at least one message')
      .max(MAX_MESSAGES_PER_REQUEST)
      .refine((messages) => messages.at(-1)?.role === 'user', 'the last message must be from the user')
      .refine(
        (messages) => messages.at(-1)?.parts.some((part) => part.type === 'text' && 'text' in part && String(part.text).trim() !== ''),
        'the last message has no text',
      ),
    trigger: z.enum(['submit-message', 'regenerate-message']).optional(),
    messageId: z.string().max(200).optional(),
    model: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._:@-]{0,127}$/, 'not a valid model id')
      .optional(),
    system: z.string().max(MAX_SYSTEM_PROMPT_CHARS).optional(),
    maxTokens: z.number().int().min(1).optional(),
    /** Extended thinking; the budget applies to models that take one. */
    thinking: z
      .object({ enabled: z.boolean(), budgetTokens: z.number().int().min(1_024).max(128_000).optional() })
      .optional(),
    /** Anthropic's web search and web fetch server tools, which are billed per use. */
    webSearch: z.boolean().optional(),
  });

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatRequestMessage = ChatRequest['messages'][number];

/** Describes a validation failure by field path, e.g. `messages.0.parts.0.text: Expected string`. */
export function describeValidationError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}
