import { z } from 'zod';
import { attachmentIdFromUrl } from '../attachments/rules';
import { MAX_FILENAME_CHARS, MAX_MESSAGE_CHARS, MAX_SYSTEM_PROMPT_CHARS } from '../limits';
import { CACHE_TTLS, EFFORT_LEVELS } from '../models';


/** Conversation and message ids: random, URL-safe, and never anything that could smuggle syntax. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a valid id');

const textPartSchema = z.object({ type: z.literal('text'), text: z.string().max(MAX_MESSAGE_CHARS) });

/**
 * An attached file, as useChat sends it. Only Rill's own attachment URLs are accepted: the
 * server reads their bytes from its store (owner-checked), and never fetches what a client names.
 * The media type and name are re-read from the stored attachment (lib/attachments).
 */
const filePartSchema = z.object({
  type: z.literal('file'),
  mediaType: z.string().max(100),
  filename: z.string().max(MAX_FILENAME_CHARS).optional(),
  url: z.string().max(200).refine((url) => attachmentIdFromUrl(url) !== undefined, 'not an attachment of this conversation'),
});

const userMessageSchema = z.object({
  id: idSchema,
  role: z.literal('user'),
  parts: z
    .array(z.discriminatedUnion('type', [textPartSchema, filePartSchema]))
    .min(1)
    .max(20)
    .refine(
      (parts) => parts.some((part) => part.type === 'file' || part.text.trim() !== ''),
      'the message has no text and no attachment',
    ),
  metadata: z.unknown().optional(),
});

/**
 * What the browser sends for one turn: the conversation id, the user's new message (an edit is
 * a new message beside the original) with the message it follows, and the conversation's
 * settings. The history comes from the database, never from the browser.
 */
export const chatRequestSchema = z.object({
  id: idSchema,
  message: userMessageSchema,
  /**
   * The message the new one follows (null: it starts the conversation); left out, the end of the
   * current branch. Ignored for a message that is already saved (an answer asked for again).
   */
  parentId: idSchema.nullable().optional(),
  trigger: z.enum(['submit-message', 'regenerate-message']).optional(),
  messageId: z.string().max(200).optional(),
  model: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._:@-]{0,127}$/, 'not a valid model id')
    .optional(),
  system: z.string().max(MAX_SYSTEM_PROMPT_CHARS).optional(),
  maxTokens: z.number().int().min(1).optional(),
  /** Extended thinking; the budget applies to models that take one. */
  thinking: z.object({ enabled: z.boolean(), budgetTokens: z.number().int().min(1_024).max(128_000) }).optional(),
  /** Anthropic's web search and web fetch server tools, which are billed per use. */
  webSearch: z.boolean().optional(),
  /** How much effort Claude puts in; sent only to models that take this level. */
  effort: z.enum(EFFORT_LEVELS).optional(),
  /** How long the prompt cache keeps the conversation (Anthropic's default: 5 minutes). */
  cacheTtl: z.enum(CACHE_TTLS).optional(),
  /** MCP servers (`op:notes`, `user:<id>`) and tools (`op:notes/add_note`) switched off in this chat. */
  connectorsOff: z
    // A tool is named as its server names it: any printable characters.
    .array(z.string().regex(/^(op|user):[A-Za-z0-9_-]{1,64}(\/[^\p{Cc}]{1,128})?$/u, 'not a connector or connector tool'))
    .max(500)
    .optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/**
 * What the browser sends to continue the conversation's last answer where it was cut off: the
 * answer's id and the conversation's settings (Continue adds no message).
 */
export const continueRequestSchema = chatRequestSchema
  .pick({ id: true, model: true, system: true, maxTokens: true, thinking: true, webSearch: true, effort: true, cacheTtl: true, connectorsOff: true })
  .extend({ messageId: idSchema });

export type ContinueRequest = z.infer<typeof continueRequestSchema>;

/** The settings of a turn or a continuation that shape its upstream request. */
export type AnswerSettings = Pick<ChatRequest, 'model' | 'system' | 'maxTokens' | 'thinking' | 'webSearch' | 'effort' | 'cacheTtl' | 'connectorsOff'>;
export type UserMessage = ChatRequest['message'];

/** What this Rill's operator lets a request ask for: `any` model where the request's model is not used (demo mode). */
export type ChatPolicy = { models: readonly string[] | 'any'; webTools: boolean };

export type PolicyRefusal = { type: 'model_not_allowed' | 'web_tools_disabled'; message: string };

/** Why this Rill will not run a well-formed request, or undefined when it will. */
export function refusedByPolicy(request: AnswerSettings, policy: ChatPolicy): PolicyRefusal | undefined {
  if (request.model !== undefined && policy.models !== 'any' && !policy.models.includes(request.model)) {
    return { type: 'model_not_allowed', message: `This Rill does not offer ${request.model}. Choose one of: ${policy.models.join(', ')}.` };
  }
  if (request.webSearch && !policy.webTools) {
    return { type: 'web_tools_disabled', message: 'Web search and web fetch are turned off on this Rill (RILL_WEB_TOOLS). Send the message without them.' };
  }
  return undefined;
}

/** The message's text, without its attachments. */
export function messageText(message: UserMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}
