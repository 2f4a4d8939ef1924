import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { CONTINUE_INSTRUCTION } from '../anthropic/wire';
import type { AttachmentMediaType } from '../attachments/rules';

/** A message of the stored conversation: its UI message parts, as saved. */
export type ConversationMessage = { id?: string; role: 'user' | 'assistant'; parts: readonly unknown[] };

/** An attached file's bytes, base64-encoded, as Claude reads them. */
export type FileBytes = { mediaType: AttachmentMediaType; data: string };

/**
 * The stored conversation as Claude is to read it: its messages, and the bytes of the files they
 * attach by their file parts' URLs, which lib/attachments reads from Rill's own store.
 */
export type ConversationForClaude = { messages: readonly ConversationMessage[]; files: ReadonlyMap<string, FileBytes> };

type Part = { type: string; [key: string]: unknown };

const isPart = (value: unknown): value is Part =>
  value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string';

// History is read from the database: a user's parts as lib/chat/request let them in, an answer's
// as Rill recorded them from Claude's stream. Saved parts are untyped JSON, so tool parts are
// checked before they become tool_use blocks: one out of shape is left out, rather than have
// the API refuse the whole conversation.
const toolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/);
const toolCallFields = {
  toolCallId: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/),
  state: z.string(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  errorText: z.string().optional(),
  providerExecuted: z.literal(false).optional(),
};
/** A call Rill ran: one of its own tools (a typed part) or an MCP server's (a dynamic part); never Anthropic's server tools. */
const clientToolPartSchema = z
  .union([
    z.object({ type: z.string().regex(/^tool-[a-zA-Z0-9_-]{1,64}$/), ...toolCallFields }),
    z.object({ type: z.literal('dynamic-tool'), toolName, ...toolCallFields }),
  ])
  .transform((part) => ({ ...part, name: 'toolName' in part ? part.toolName : part.type.slice('tool-'.length) }));

const MAX_TOOL_RESULT_CHARS = 100_000;

/** What Claude reads for a call the person denied, when it happens and in the history after. */
export function deniedCallText(toolName: string): string {
  return `The person denied this call to ${toolName}: it did not run.`;
}

/**
 * Converts the UI conversation into Anthropic's `messages`.
 *
 * An assistant message is split at its step boundaries: each step's text and client tool
 * calls become an assistant turn, followed by a user turn with the tools' results, exactly
 * as the agent loop sent them. Signed thinking goes back unchanged; server-tool blocks are
 * omitted, as the API allows; empty text blocks, which the API rejects (a Stop before the first
 * token leaves one), are dropped; consecutive turns of one role are merged so the
 * conversation alternates, with tool results first in their user turn. A user's attached files
 * become image and document blocks from the bytes `files` holds for their part's URL; a file
 * part without them is dropped, its URL never fetched.
 */
export function toAnthropicMessages({ messages, files }: ConversationForClaude): MessageParam[] {
  const result: Array<{ role: 'user' | 'assistant'; content: ContentBlockParam[] }> = [];
  const append = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const previous = result.at(-1);
    if (previous?.role === role) previous.content.push(...blocks);
    else result.push({ role, content: blocks });
  };

  for (const message of messages) {
    const parts = message.parts.filter(isPart);
    if (message.role === 'user') {
      // Claude reads attachments best before the text that refers to them.
      append('user', [...parts.flatMap((part) => attachmentBlock(part, files)), ...parts.flatMap(textBlock)]);
      continue;
    }
    for (const step of splitSteps(parts)) {
      const calls: ContentBlockParam[] = [];
      const results: ContentBlockParam[] = [];
      for (const part of step) {
        calls.push(...thinkingBlock(part), ...textBlock(part));
        const tool = clientToolPartSchema.safeParse(part);
        if (!tool.success) continue;
        calls.push({ type: 'tool_use', id: tool.data.toolCallId, name: tool.data.name, input: asObject(tool.data.input) });
        results.push(toolResult(tool.data));
      }
      append('assistant', calls);
      append('user', results);
    }
  }
  // The API wants the conversation to open with the user.
  while (result[0]?.role === 'assistant') result.shift();
  return result;
}

/**
 * The conversation for continuing its last answer, which is cut off (stopped, interrupted,
 * or at its length limit), so that Claude writes on from its last word.
 *
 * With `prefill`, the answer so far is the final assistant turn and Claude's response goes on
 * from its last character. The API refuses a final assistant turn that ends in whitespace, so
 * that is trimmed (the continuation brings its own); and a prefilled turn cannot carry
 * thinking, so its thinking blocks are left out (the request turns thinking off).
 * Without `prefill` (models from Claude 4.6 on refuse it, and so does any model that always
 * thinks), the best left is to keep the answer as it was and add the instruction as a user turn.
 * An answer that ended on tool calls already ends on their results, a user turn (a call cut off
 * is reported as not run, so Claude may call it again), and one that wrote nothing yet ends on
 * the question: either way Claude simply answers on, and nothing is added.
 */
export function toContinuationMessages(conversation: ConversationForClaude, { prefill }: { prefill: boolean }): MessageParam[] {
  const result = toAnthropicMessages(conversation);
  const last = result.at(-1);
  if (last?.role !== 'assistant' || !Array.isArray(last.content)) return result;
  if (!prefill) return [...result, { role: 'user', content: [{ type: 'text', text: CONTINUE_INSTRUCTION }] }];

  const content = last.content.filter((block) => block.type !== 'thinking' && block.type !== 'redacted_thinking');
  const lastText = content.at(-1);
  // Blank text blocks are never sent, so the trimmed text is never empty.
  if (lastText?.type === 'text') content[content.length - 1] = { ...lastText, text: lastText.text.trimEnd() };
  return content.length > 0 ? [...result.slice(0, -1), { role: 'assistant', content }] : result.slice(0, -1);
}

function textBlock(part: Part): ContentBlockParam[] {
  return part.type === 'text' && 'text' in part && typeof part.text === 'string' && part.text.trim() !== ''
    ? [{ type: 'text', text: part.text }]
    : [];
}

const filePartSchema = z.object({ type: z.literal('file'), url: z.string(), filename: z.string().optional() });

function attachmentBlock(part: Part, files: ConversationForClaude['files']): ContentBlockParam[] {
  const file = filePartSchema.safeParse(part);
  const bytes = file.success ? files.get(file.data.url) : undefined;
  if (!file.success || !bytes) return [];
  const { mediaType, data } = bytes;
  if (mediaType === 'application/pdf') {
    const title = file.data.filename;
    return [{ type: 'document', source: { type: 'base64', media_type: mediaType, data }, ...(title ? { title } : {}) }];
  }
  return [{ type: 'image', source: { type: 'base64', media_type: mediaType, data } }];
}

const reasoningPartSchema = z.object({
  type: z.literal('reasoning'),
  text: z.string(),
  providerMetadata: z
    .object({ anthropic: z.object({ signature: z.string().min(1).optional(), redactedData: z.string().min(1).optional() }) })
    .optional(),
});

/** Thinking goes back exactly as Claude sent it, signature and all; unsigned thinking cannot. */
function thinkingBlock(part: Part): ContentBlockParam[] {
  const reasoning = reasoningPartSchema.safeParse(part);
  const anthropic = reasoning.success ? reasoning.data.providerMetadata?.anthropic : undefined;
  if (!reasoning.success || !anthropic) return [];
  if (anthropic.redactedData) return [{ type: 'redacted_thinking', data: anthropic.redactedData }];
  if (anthropic.signature) return [{ type: 'thinking', thinking: reasoning.data.text, signature: anthropic.signature }];
  return [];
}

function splitSteps(parts: readonly Part[]): Part[][] {
  const steps: Part[][] = [[]];
  for (const part of parts) {
    if (part.type === 'step-start') {
      if (steps.at(-1)!.length > 0) steps.push([]);
    } else {
      steps.at(-1)!.push(part);
    }
  }
  return steps;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toolResult(part: z.infer<typeof clientToolPartSchema>): ContentBlockParam {
  if (part.state === 'output-available') {
    return { type: 'tool_result', tool_use_id: part.toolCallId, content: JSON.stringify(part.output ?? null).slice(0, MAX_TOOL_RESULT_CHARS) };
  }
  let error = 'Not run: the answer was interrupted.';
  if (part.state === 'output-error' && part.errorText) error = part.errorText;
  if (part.state === 'output-denied') error = deniedCallText(part.name);
  return { type: 'tool_result', tool_use_id: part.toolCallId, content: error, is_error: true };
}
