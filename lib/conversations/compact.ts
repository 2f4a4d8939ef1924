import 'server-only';
import { allowedModels, anthropic, defaultModel, isDemoMode } from '../anthropic/client';
import { checkBudget, recordSpend } from '../budget';
import { getDatabase } from '../db/client';
import { createConversation, deleteMessagesBefore, getConversation, saveMessage, type ConversationWithMessages } from '../db/queries';
import { env } from '../env';
import { contextWindow } from '../models';
import { applyUsageReport, ZERO_USAGE } from '../usage';
import { TRIM_TARGET_RATIO, trimPoint } from './context';

const MAX_TRANSCRIPT_CHARS = 400_000;

function transcript(conversation: ConversationWithMessages): string {
  const lines = conversation.messages.map((message) => {
    const text = (message.parts as Array<{ type?: string; text?: string }>)
      .map((part) => (part.type === 'text' ? (part.text ?? '') : ''))
      .join('');
    return `${message.role === 'user' ? 'User' : 'Claude'}: ${text}`;
  });
  // Keep the most recent part of a conversation too long to summarise whole.
  return lines.join('\n\n').slice(-MAX_TRANSCRIPT_CHARS);
}

/** A summary is a call to Claude like any other: refused once a budget is used up, and paid for from it. */
async function summarise(ownerId: string, conversation: ConversationWithMessages): Promise<string> {
  const text = transcript(conversation);
  if (isDemoMode) return text.split('\n\n').map((line) => line.slice(0, 200)).join('\n');
  await checkBudget(ownerId);
  // A conversation saved before the operator narrowed RILL_MODELS keeps its old model: not for this.
  const saved = conversation.settings.model;
  const model = saved && allowedModels.includes(saved) ? saved : defaultModel;
  const response = await anthropic.messages.create({
    model,
    max_tokens: 2_000,
    messages: [
      {
        role: 'user',
        content: `Summarise the conversation below so that it can continue in a new chat: the goal, the facts and decisions so far, and what was being worked on last. Reply with the summary only.\n\n<conversation>\n${text}\n</conversation>`,
      },
    ],
  });
  await recordSpend(ownerId, model, { usage: applyUsageReport(ZERO_USAGE, response.usage), webSearches: 0 });
  return response.content.map((block) => (block.type === 'text' ? block.text : '')).join('').trim();
}

/** Starts a new conversation carrying a summary of this one; its id, or undefined if not the owner's. */
export async function continueWithSummary(ownerId: string, id: string): Promise<string | undefined> {
  const db = await getDatabase();
  const conversation = await getConversation(db, ownerId, id);
  if (!conversation) return undefined;
  const summary = await summarise(ownerId, conversation);
  const next = await createConversation(db, {
    id: crypto.randomUUID(),
    ownerId,
    title: `${conversation.title} (continued)`.slice(0, 200),
    settings: conversation.settings,
  });
  await saveMessage(db, ownerId, next.id, {
    id: crypto.randomUUID(),
    role: 'user',
    parts: [{ type: 'text', text: `Here is a summary of our earlier conversation, to continue from:\n\n${summary}` }],
    status: 'complete',
  });
  return next.id;
}

/** Drops the oldest turns so that the rest fits in half the model's window. False if not the owner's. */
export async function trimOldestTurns(ownerId: string, id: string): Promise<boolean> {
  const db = await getDatabase();
  const conversation = await getConversation(db, ownerId, id);
  if (!conversation) return false;
  const window = env.RILL_CONTEXT_WINDOW_TOKENS ?? contextWindow(conversation.settings.model ?? defaultModel);
  const keepFrom = trimPoint(conversation.messages, window * TRIM_TARGET_RATIO);
  return keepFrom ? deleteMessagesBefore(db, ownerId, id, keepFrom) : true;
}
